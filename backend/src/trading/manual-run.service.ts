import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth.decorators';
import { DailyRunService } from './daily-run.service';

/**
 * `POST /api/runs`: the audit event commits before the attempt starts (no audit, no run); the
 * outcome is recorded after as `run.manual.outcome` (audit_event is append-only).
 */
@Injectable()
export class ManualRunService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly runs: DailyRunService,
  ) {}

  async run(actor: Actor, dryRun: boolean, reason: string) {
    const eventId = await this.dataSource.transaction((manager) =>
      this.audit.record(manager, actor, {
        action: 'run.manual',
        target: dryRun ? 'dry-run' : 'run',
        after: { dryRun },
        reason,
      }),
    );
    let outcome: Awaited<ReturnType<DailyRunService['attempt']>>;
    try {
      outcome = await this.runs.attempt({
        trigger: 'manual',
        dryRun,
        requestedBy: actor.email,
        reason,
      });
    } catch (error) {
      await this.audit.recordOutcome(actor, 'run.manual', eventId, reason, {
        status: 'error',
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
    await this.audit.recordOutcome(actor, 'run.manual', eventId, reason, {
      status: outcome.status,
      reason: outcome.reason ?? null,
      runId: (outcome.run as { id?: string } | null | undefined)?.id ?? null,
    });
    return outcome;
  }
}
