import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The run engine's safety columns. Expand-only: older code never writes `partial`, never reads the
 * new columns, and its ON CONFLICT still finds the old index, so an application rollback needs no
 * revert.
 *
 * - job_run.status may be `partial`: the run reached the broker but some orders were rejected or
 *   left open. Like `succeeded` it holds the day (job_run_one_done_per_day).
 * - order_intent.plan_seq: the order the plan put the intents in; a resumed run sends in that order
 *   (all intents of one insert share created_at).
 * - order_intent.absent_since: the broker's time when a listing covering the submission first did
 *   not show the order. Absence proves "never received" only once the broker's clock has moved a
 *   bound past it.
 */
export class RunSafety1765000000000 implements MigrationInterface {
  name = 'RunSafety1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job_run DROP CONSTRAINT IF EXISTS job_run_status_check`);
    await q.query(`ALTER TABLE job_run ADD CONSTRAINT job_run_status_check
      CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'skipped'))`);
    await q.query(`CREATE UNIQUE INDEX job_run_one_done_per_day
      ON job_run (job, trading_day) WHERE status IN ('running', 'succeeded', 'partial')`);
    await q.query(`ALTER TABLE order_intent ADD COLUMN plan_seq integer`);
    await q.query(`ALTER TABLE order_intent ADD COLUMN absent_since timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_intent DROP COLUMN absent_since`);
    await q.query(`ALTER TABLE order_intent DROP COLUMN plan_seq`);
    await q.query(`DROP INDEX job_run_one_done_per_day`);
    await q.query(`UPDATE job_run SET status = 'succeeded' WHERE status = 'partial'`);
    await q.query(`ALTER TABLE job_run DROP CONSTRAINT job_run_status_check`);
    await q.query(`ALTER TABLE job_run ADD CONSTRAINT job_run_status_check
      CHECK (status IN ('running', 'succeeded', 'failed', 'skipped'))`);
  }
}
