import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/auth.decorators';
import { sqlRows } from '../infra/database/sql';

export interface AuditInput {
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  reason: string;
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
  cursorAt: string;
}

/** The audit trail: written in the same transaction as the change it records. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, actor: Actor, event: AuditInput): Promise<void> {
    await sqlRows(
      manager,
      `INSERT INTO audit_event (actor, action, target, before, after, reason, ip, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        actor.email,
        event.action,
        event.target ?? null,
        JSON.stringify(event.before ?? null),
        JSON.stringify(event.after ?? null),
        event.reason,
        actor.ip,
        actor.requestId,
      ],
    );
  }

  async page(limit: number, after?: { at: string; id: string }): Promise<AuditRow[]> {
    const columns = `id::text AS id, at, actor, action, target, before, after, reason, ip, request_id AS "requestId", at::text AS "cursorAt"`;
    return after
      ? sqlRows<AuditRow>(
          this.dataSource,
          `SELECT ${columns} FROM audit_event WHERE (at, id) < ($1::timestamptz, $2::bigint) ORDER BY at DESC, id DESC LIMIT $3`,
          [after.at, after.id, limit],
        )
      : sqlRows<AuditRow>(
          this.dataSource,
          `SELECT ${columns} FROM audit_event ORDER BY at DESC, id DESC LIMIT $1`,
          [limit],
        );
  }
}
