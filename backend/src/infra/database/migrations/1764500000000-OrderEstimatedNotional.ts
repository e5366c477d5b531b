import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `order_intent.estimated_notional`: the dollars an order is expected to trade (its notional, or
 * quantity × the price it was planned at). The daily notional cap counts a quantity order (a full
 * exit) at this estimate until it fills, instead of as zero. Expand-only: the column is nullable and
 * older code ignores it, so rolling back the application is safe without reverting this.
 */
export class OrderEstimatedNotional1764500000000 implements MigrationInterface {
  name = 'OrderEstimatedNotional1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_intent ADD COLUMN estimated_notional numeric(18, 2)`);
    await q.query(
      `UPDATE order_intent SET estimated_notional = notional WHERE notional IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_intent DROP COLUMN estimated_notional`);
  }
}
