import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Portfolio and performance:
 *
 * - `portfolio_snapshot`: one row per New York trading day (the primary key is the whole
 *   guarantee), written after every run and once after the close. A close snapshot is final
 *   (`closed`): a later write of the same day changes nothing, so any number of workers and
 *   restarts leave one row per day.
 * - `order_intent.planned_price`: the price per share the plan used, when it knew one, so a run's
 *   detail can show planned versus filled (slippage).
 *
 * Expand-only: a new table and a nullable column; older code ignores both.
 */
export class PortfolioSnapshot1765400000000 implements MigrationInterface {
  name = 'PortfolioSnapshot1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE portfolio_snapshot (
        trading_day       date PRIMARY KEY,
        equity            numeric(18, 2) NOT NULL,
        cash              numeric(18, 2) NOT NULL,
        long_market_value numeric(18, 2),
        last_equity       numeric(18, 2),
        positions         jsonb NOT NULL DEFAULT '[]',
        run_id            uuid,
        run_status        text,
        closed            boolean NOT NULL DEFAULT false,
        taken_at          timestamptz NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE order_intent ADD COLUMN planned_price numeric(24, 9)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_intent DROP COLUMN planned_price`);
    await q.query(`DROP TABLE portfolio_snapshot`);
  }
}
