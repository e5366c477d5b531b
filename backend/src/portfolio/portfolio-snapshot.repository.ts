import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../infra/database/sql';

export interface SnapshotPosition {
  symbol: string;
  qty: string;
  marketValue: string;
  costBasis: string | null;
}

export interface NewSnapshot {
  tradingDay: string;
  equity: string;
  cash: string;
  longMarketValue: string | null;
  lastEquity: string | null;
  positions: SnapshotPosition[];
  runId: string | null;
  runStatus: string | null;
  /** After the close: the day's final figure; nothing overwrites it. */
  closed: boolean;
  /** The broker's clock when the figures were read. */
  takenAt: string;
}

export interface PortfolioSnapshot extends NewSnapshot {
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `trading_day::text AS "tradingDay", equity, cash, long_market_value AS "longMarketValue",
  last_equity AS "lastEquity", positions, run_id AS "runId", run_status AS "runStatus", closed,
  taken_at AS "takenAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * `portfolio_snapshot`: one row per New York trading day (the primary key). A run's snapshot
 * replaces an earlier run's of the same day; the close snapshot is final. Both are one statement
 * (`INSERT … ON CONFLICT DO UPDATE … WHERE NOT closed`), so concurrent workers and restarts can
 * only ever leave one row per day, and never undo the close.
 */
@Injectable()
export class PortfolioSnapshotRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns whether this write changed the row (false: the day was already closed). */
  async upsert(snapshot: NewSnapshot): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      `INSERT INTO portfolio_snapshot (trading_day, equity, cash, long_market_value, last_equity, positions, run_id, run_status, closed, taken_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
       ON CONFLICT (trading_day) DO UPDATE SET
         equity = EXCLUDED.equity, cash = EXCLUDED.cash, long_market_value = EXCLUDED.long_market_value,
         last_equity = EXCLUDED.last_equity, positions = EXCLUDED.positions,
         run_id = COALESCE(EXCLUDED.run_id, portfolio_snapshot.run_id),
         run_status = COALESCE(EXCLUDED.run_status, portfolio_snapshot.run_status),
         closed = EXCLUDED.closed, taken_at = EXCLUDED.taken_at, updated_at = now()
       WHERE NOT portfolio_snapshot.closed
       RETURNING trading_day`,
      [
        snapshot.tradingDay,
        snapshot.equity,
        snapshot.cash,
        snapshot.longMarketValue,
        snapshot.lastEquity,
        JSON.stringify(snapshot.positions),
        snapshot.runId,
        snapshot.runStatus,
        snapshot.closed,
        snapshot.takenAt,
      ],
    );
    return rows.length > 0;
  }

  async isClosed(tradingDay: string): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      `SELECT 1 FROM portfolio_snapshot WHERE trading_day = $1 AND closed`,
      [tradingDay],
    );
    return rows.length > 0;
  }

  /** Days from `from` (inclusive; null: every day), oldest first. */
  async since(from: string | null): Promise<PortfolioSnapshot[]> {
    return sqlRows<PortfolioSnapshot>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM portfolio_snapshot WHERE $1::date IS NULL OR trading_day >= $1::date ORDER BY trading_day`,
      [from],
    );
  }

  async count(): Promise<number> {
    const rows = await sqlRows<{ n: string }>(
      this.dataSource,
      `SELECT count(*) AS n FROM portfolio_snapshot`,
    );
    return Number(rows[0].n);
  }
}
