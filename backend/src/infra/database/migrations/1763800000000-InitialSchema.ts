import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables every feature needs as known at the foundation: the run ledger, order intents,
 * toggles, audit trail, admin accounts, alerts with their delivery outbox, strategy targets.
 */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_run (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job           text NOT NULL,
        trading_day   date NOT NULL,
        status        text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
        trigger       text NOT NULL CHECK (trigger IN ('cron', 'manual', 'catch-up', 'cli')),
        dry_run       boolean NOT NULL DEFAULT false,
        attempt       integer NOT NULL DEFAULT 1,
        owner         text NOT NULL,
        heartbeat_at  timestamptz NOT NULL DEFAULT now(),
        started_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        skip_reason   text,
        error         text,
        summary       jsonb,
        requested_by  text,
        reason        text
      )`);
    // The ledger's guarantee: at most one running or succeeded run per job and trading day.
    await q.query(`
      CREATE UNIQUE INDEX job_run_one_active_per_day
        ON job_run (job, trading_day) WHERE status IN ('running', 'succeeded')`);
    await q.query(`CREATE INDEX job_run_started_at ON job_run (started_at DESC, id DESC)`);
    await q.query(`CREATE INDEX job_run_job_day ON job_run (job, trading_day)`);

    await q.query(`
      CREATE TABLE order_intent (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id            uuid NOT NULL REFERENCES job_run (id) ON DELETE RESTRICT,
        trading_day       date NOT NULL,
        strategy          text NOT NULL,
        client_order_id   varchar(128) NOT NULL,
        symbol            text NOT NULL,
        side              text NOT NULL CHECK (side IN ('buy', 'sell')),
        notional          numeric(18, 2),
        qty               numeric(24, 9),
        simulated         boolean NOT NULL DEFAULT false,
        status            text NOT NULL,
        broker_order_id   text,
        broker_status     text,
        filled_qty        numeric(24, 9),
        filled_avg_price  numeric(18, 6),
        filled_at         timestamptz,
        submitted_at      timestamptz,
        risk_notes        jsonb NOT NULL DEFAULT '[]'::jsonb,
        reject_reason     text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CHECK (notional IS NOT NULL OR qty IS NOT NULL)
      )`);
    // A real order's client_order_id is sent to the broker at most once, ever.
    await q.query(`
      CREATE UNIQUE INDEX order_intent_client_order_id
        ON order_intent (client_order_id) WHERE NOT simulated`);
    await q.query(
      `CREATE INDEX order_intent_created_at ON order_intent (created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX order_intent_status ON order_intent (status, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX order_intent_symbol ON order_intent (symbol, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX order_intent_run ON order_intent (run_id)`);
    await q.query(`CREATE INDEX order_intent_day ON order_intent (trading_day)`);

    await q.query(`
      CREATE TABLE toggle (
        key         text PRIMARY KEY,
        enabled     boolean NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  text
      )`);
    await q.query(`
      INSERT INTO toggle (key, enabled, updated_by) VALUES
        ('trading_enabled', true, 'migration'),
        ('scheduler_enabled', true, 'migration')`);

    await q.query(`
      CREATE TABLE audit_event (
        id          bigserial PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        actor       text NOT NULL,
        action      text NOT NULL,
        target      text,
        before      jsonb,
        after       jsonb,
        reason      text,
        ip          text,
        request_id  text
      )`);
    await q.query(`CREATE INDEX audit_event_at ON audit_event (at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE admin_user (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email          text NOT NULL,
        password_hash  text NOT NULL,
        role           text NOT NULL CHECK (role IN ('viewer', 'operator')),
        disabled       boolean NOT NULL DEFAULT false,
        created_at     timestamptz NOT NULL DEFAULT now(),
        last_login_at  timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX admin_user_email ON admin_user (lower(email))`);

    await q.query(`
      CREATE TABLE alert (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind         text NOT NULL,
        dedup_key    text NOT NULL UNIQUE,
        severity     text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        trading_day  date,
        message      text NOT NULL,
        payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX alert_created_at ON alert (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE alert_delivery (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alert_id         uuid NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
        channel          text NOT NULL CHECK (channel IN ('lark', 'slack', 'webhook')),
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        last_error       text,
        sent_at          timestamptz,
        UNIQUE (alert_id, channel)
      )`);
    await q.query(
      `CREATE INDEX alert_delivery_due ON alert_delivery (next_attempt_at) WHERE status = 'pending'`,
    );

    await q.query(`
      CREATE TABLE strategy_target (
        symbol      text PRIMARY KEY,
        weight      numeric(8, 6) NOT NULL CHECK (weight > 0 AND weight <= 1),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE strategy_target`);
    await q.query(`DROP TABLE alert_delivery`);
    await q.query(`DROP TABLE alert`);
    await q.query(`DROP TABLE admin_user`);
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP TABLE toggle`);
    await q.query(`DROP TABLE order_intent`);
    await q.query(`DROP TABLE job_run`);
  }
}
