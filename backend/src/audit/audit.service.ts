import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActor } from './audit-actor';
import { sqlRows } from '../infra/database/sql';
import { decodeCursor, pageOf } from '../infra/http/pagination';
import { isBigintId } from '../infra/http/validation';
import type { AuditQuery } from './dto/audit.dto';

/** One audit event. `actor` is the account's email, or the `AuditActor` from `@Actor()` (which also supplies ip and requestId). */
export interface AuditEntry {
  actor: string | AuditActor;
  /** `<feature>.<verb>`, e.g. `toggles.update`, `run.manual`, `orders.cancel_all`. */
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  /** The operator's reason (ReasonDto); required — a change without one is a bug. */
  reason: string;
  ip?: string | null;
  requestId?: string | null;
  /** The client's own request id (correlation only); from the AuditActor when not given. */
  correlationId?: string | null;
}

/** The event without who/where, for the `record(manager, actor, event)` form. */
export type AuditInput = Omit<AuditEntry, 'actor' | 'ip' | 'requestId' | 'correlationId'>;

export interface AuditFilter {
  action?: string;
  actor?: string;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  ip: string | null;
  requestId: string | null;
  correlationId: string | null;
  cursorAt: string;
}

/** The audit trail: append-only, written in the same transaction as the change it records. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * After an audited effect: its outcome as a second event (`<action>.outcome`, targeting the
   * first), in a transaction of its own. The effect already happened, so a failure to record is
   * logged, never turned into "it did not happen".
   */
  async recordOutcome(
    actor: AuditActor,
    action: string,
    eventId: string,
    reason: string,
    after: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource
      .transaction((manager) =>
        this.record(manager, actor, {
          action: `${action}.outcome`,
          target: `audit_event:${eventId}`,
          after,
          reason,
        }),
      )
      .catch((error: unknown) =>
        this.logger.error(
          { err: error, auditEventId: eventId, outcome: after },
          `${action} outcome could not be recorded`,
        ),
      );
  }

  /**
   * Inside the change's transaction: `dataSource.transaction(async (m) => { …change…; await
   * audit.record(m, { actor, action, before, after, reason }); })` — both commit or neither does.
   */
  record(manager: EntityManager, entry: AuditEntry): Promise<string>;
  record(manager: EntityManager, actor: AuditActor, event: AuditInput): Promise<string>;
  async record(
    manager: EntityManager,
    entryOrActor: AuditEntry | AuditActor,
    event?: AuditInput,
  ): Promise<string> {
    const entry: AuditEntry = event
      ? { ...event, actor: entryOrActor as AuditActor }
      : (entryOrActor as AuditEntry);
    const actor = typeof entry.actor === 'string' ? null : entry.actor;
    const email = typeof entry.actor === 'string' ? entry.actor : entry.actor.email;
    if (!email) throw new Error(`audit event ${entry.action} has no actor`);
    if (!entry.action) throw new Error('audit event has no action');
    if (typeof entry.reason !== 'string' || !entry.reason.trim())
      throw new Error(`audit event ${entry.action} has no reason`);
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error(
        `audit event ${entry.action} must be recorded inside the change's transaction`,
      );
    const rows = await sqlRows<{ id: string }>(
      manager,
      `INSERT INTO audit_event (actor, action, target, before, after, reason, ip, request_id, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text AS id`,
      [
        email,
        entry.action,
        entry.target ?? null,
        JSON.stringify(entry.before ?? null),
        JSON.stringify(entry.after ?? null),
        entry.reason.trim(),
        entry.ip ?? actor?.ip ?? null,
        entry.requestId ?? actor?.requestId ?? null,
        entry.correlationId ?? actor?.correlationId ?? null,
      ],
    );
    return rows[0].id;
  }

  /**
   * Newest first, strictly after the cursor position `(at, id)`. ORDER BY names the table's columns:
   * a bare `id` would sort by the `id::text` output column ("9" after "10") and disagree with the
   * cursor's numeric comparison.
   */
  async page(
    limit: number,
    after?: { at: string; id: string },
    filter: AuditFilter = {},
  ): Promise<AuditRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (after)
      where.push(`(at, id) < (${param(after.at)}::timestamptz, ${param(after.id)}::bigint)`);
    if (filter.action) where.push(`action = ${param(filter.action)}`);
    if (filter.actor) where.push(`lower(actor) = ${param(filter.actor.toLowerCase())}`);
    return sqlRows<AuditRow>(
      this.dataSource,
      `SELECT id::text AS id, at, actor, action, target, before, after, reason, ip,
              request_id AS "requestId",
              correlation_id AS "correlationId", at::text AS "cursorAt"
         FROM audit_event
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY audit_event.at DESC, audit_event.id DESC
        LIMIT ${param(limit)}`,
      params,
    );
  }

  /** GET /api/audit: newest first, filtered by exact action and actor. */
  async list(query: AuditQuery) {
    const rows = await this.page(query.limit, decodeCursor(query.cursor, isBigintId), {
      action: query.action,
      actor: query.actor,
    });
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...event }) => event);
  }
}
