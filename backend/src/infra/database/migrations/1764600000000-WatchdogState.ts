import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `watchdog_state`: what each watchdog has already looked at, kept across restarts. The run_missed
 * watchdog stores the broker time it first watched from, so a fresh install never reports the
 * days before it existed, while a restart still reports a window that closed while it was down.
 * Expand-only: older code ignores the table, so an application rollback does not need a revert.
 */
export class WatchdogState1764600000000 implements MigrationInterface {
  name = 'WatchdogState1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE watchdog_state (
        name            text PRIMARY KEY,
        watching_since  timestamptz NOT NULL,
        checked_at      timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE watchdog_state`);
  }
}
