import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../infra/database/sql';

export interface DayRecord {
  succeeded: boolean;
  /** A run is in progress with a live owner (heartbeat newer than the stale limit). */
  inProgress: boolean;
  attempts: number;
  last: { status: string; trigger: string; why: string | null } | null;
}

/** The watchdogs' SQL: their persisted starting point and what the run ledger says about a day. */
@Injectable()
export class WatchdogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** When `name` first watched (kept across restarts); the first call stores `now`. */
  async watchingSince(name: string, now: Date): Promise<Date> {
    const rows = await sqlRows<{ watching_since: Date }>(
      this.dataSource,
      `INSERT INTO watchdog_state (name, watching_since) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET checked_at = now()
       RETURNING watching_since`,
      [name, now],
    );
    return new Date(rows[0].watching_since);
  }

  /** Which of these alert dedup keys are already recorded. */
  async alreadyAlerted(dedupKeys: string[]): Promise<Set<string>> {
    const rows = await sqlRows<{ dedup_key: string }>(
      this.dataSource,
      `SELECT dedup_key FROM alert WHERE dedup_key = ANY($1::text[])`,
      [dedupKeys],
    );
    return new Set(rows.map((r) => r.dedup_key));
  }

  async day(job: string, tradingDay: string, staleAfterSeconds: number): Promise<DayRecord> {
    const rows = await sqlRows<{
      status: string;
      trigger: string;
      why: string | null;
      live: boolean;
    }>(
      this.dataSource,
      `SELECT status, trigger, coalesce(error, skip_reason) AS why,
              status = 'running' AND heartbeat_at > now() - make_interval(secs => $3) AS live
         FROM job_run
        WHERE job = $1 AND trading_day = $2 ORDER BY started_at DESC, id DESC`,
      [job, tradingDay, staleAfterSeconds],
    );
    return {
      // A partial run ran: it is reported by its own alert, not as a missed day.
      succeeded: rows.some((r) => r.status === 'succeeded' || r.status === 'partial'),
      inProgress: rows.some((r) => r.live),
      attempts: rows.length,
      last: rows[0] ? { status: rows[0].status, trigger: rows[0].trigger, why: rows[0].why } : null,
    };
  }
}
