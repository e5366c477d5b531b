import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the audit trail's filters, so `GET /api/audit?action=…` and `?actor=…` read one page
 * of index entries in the page's order (at DESC, id DESC) instead of walking the whole trail
 * looking for matches (a rare action among a million events took a scan of all of them).
 * `actor` is compared case-insensitively (lower(actor) = lower($1)), hence the expression index.
 *
 * Expand-only: two new indexes; older code ignores them.
 */
export class AuditFilterIndexes1765600000000 implements MigrationInterface {
  name = 'AuditFilterIndexes1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS audit_event_action_at ON audit_event (action, at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS audit_event_actor_at ON audit_event (lower(actor), at DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_event_actor_at`);
    await q.query(`DROP INDEX IF EXISTS audit_event_action_at`);
  }
}
