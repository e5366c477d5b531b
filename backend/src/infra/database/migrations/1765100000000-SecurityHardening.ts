import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (security hardening), expand-only:
 * - audit_event.correlation_id: a client-supplied x-request-id, kept apart from the server's
 *   request_id;
 * - admin_user.session_version: bumped by a password change; tokens carrying an older version
 *   are refused (earlier sessions revoked);
 * - audit_event is append-only in the database: UPDATE, DELETE and TRUNCATE raise.
 */
export class SecurityHardening1765100000000 implements MigrationInterface {
  name = 'SecurityHardening1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event ADD COLUMN correlation_id text`);
    await q.query(`ALTER TABLE admin_user ADD COLUMN session_version integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_event_no_truncate ON audit_event`);
    await q.query(`DROP TRIGGER audit_event_no_update_or_delete ON audit_event`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
    await q.query(`ALTER TABLE admin_user DROP COLUMN session_version`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN correlation_id`);
  }
}
