import { Injectable, Logger } from '@nestjs/common';
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
  private readonly logger = new Logger(ManualRunService.name);

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
      await this.recordOutcome(actor, reason, eventId, {
        status: 'error',
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
    await this.recordOutcome(actor, reason, eventId, {
      status: outcome.status,
      reason: outcome.reason ?? null,
      runId: (outcome.run as { id?: string } | null | undefined)?.id ?? null,
    });
    return outcome;
  }

  private async recordOutcome(
    actor: Actor,
    reason: string,
    eventId: string,
    after: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource
      .transaction((manager) =>
        this.audit.record(manager, actor, {
          action: 'run.manual.outcome',
          target: `audit_event:${eventId}`,
          after,
          reason,
        }),
      )
      .catch((error: unknown) =>
        this.logger.error(
          { err: error, auditEventId: eventId },
          'run outcome could not be recorded',
        ),
      );
  }
}
