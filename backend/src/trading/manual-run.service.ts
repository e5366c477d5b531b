import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-actor';
import { AuditedMutation } from '../audit/audited-mutation';
import { errorText } from '../infra/error-text';
import { DailyRunService, type RunOutcome } from './daily-run.service';

/**
 * `POST /api/runs`, an audited effect: the audit event commits before the attempt starts (no
 * audit, no run); the outcome is recorded after as `run.manual.outcome`.
 */
@Injectable()
export class ManualRunService {
  constructor(
    private readonly mutation: AuditedMutation,
    private readonly runs: DailyRunService,
  ) {}

  run(actor: AuditActor, dryRun: boolean, reason: string): Promise<RunOutcome> {
    return this.mutation.effect(
      actor,
      { action: 'run.manual', target: dryRun ? 'dry-run' : 'run', after: { dryRun }, reason },
      {
        effect: () =>
          this.runs.attempt({ trigger: 'manual', dryRun, requestedBy: actor.email, reason }),
        outcome: (outcome) => ({
          status: outcome.status,
          reason: outcome.reason ?? null,
          runId: outcome.run?.id ?? null,
        }),
        failure: (error) => ({ status: 'error', error: errorText(error) }),
      },
    );
  }
}
