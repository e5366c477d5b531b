import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The broker's rate limit is per account, and production runs several processes on one account:
 * every process takes a slot here before a request leaves, so together they stay under
 * ALPACA_RATE_LIMIT_PER_MINUTE. Background reads (dashboard, preview, health) only go when no
 * essential request (orders, cancels, reconciliation, the run's own reads) has left for a moment, so
 * they never take a slot an order needs. Expand-only: older code ignores both.
 */
export class BrokerBudget1765000000100 implements MigrationInterface {
  name = 'BrokerBudget1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE broker_request_slot (
        id         bigserial PRIMARY KEY,
        at         timestamptz NOT NULL DEFAULT clock_timestamp(),
        owner      text NOT NULL,
        essential  boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX broker_request_slot_at ON broker_request_slot (at)`);
    // Returns 0 when a slot was taken, else how many milliseconds to wait before asking again.
    await q.query(`
      CREATE FUNCTION openbell_take_broker_slot(
        p_owner text, p_essential boolean, p_capacity integer, p_window_ms integer, p_quiet_ms integer
      ) RETURNS double precision LANGUAGE plpgsql AS $$
      DECLARE
        now_ts timestamptz := clock_timestamp();
        win interval := make_interval(secs => p_window_ms / 1000.0);
        used integer;
        oldest timestamptz;
        last_essential timestamptz;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('openbell.broker_request_slot'));
        now_ts := clock_timestamp();
        DELETE FROM broker_request_slot WHERE at <= now_ts - win;
        IF NOT p_essential THEN
          SELECT max(at) INTO last_essential FROM broker_request_slot WHERE essential;
          IF last_essential > now_ts - make_interval(secs => p_quiet_ms / 1000.0) THEN
            RETURN greatest(1, extract(epoch FROM (last_essential - now_ts)) * 1000 + p_quiet_ms);
          END IF;
        END IF;
        SELECT count(*), min(at) INTO used, oldest FROM broker_request_slot;
        IF used < p_capacity THEN
          INSERT INTO broker_request_slot (at, owner, essential) VALUES (now_ts, p_owner, p_essential);
          RETURN 0;
        END IF;
        RETURN greatest(1, extract(epoch FROM (oldest + win - now_ts)) * 1000);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP FUNCTION openbell_take_broker_slot(text, boolean, integer, integer, integer)`,
    );
    await q.query(`DROP TABLE broker_request_slot`);
  }
}
