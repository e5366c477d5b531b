import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../infra/database/sql';
import { JobRunEntity, type RunStatus, type RunTrigger } from './job-run.entity';

export interface RunRequest {
  job: string;
  tradingDay: string;
  trigger: RunTrigger;
  owner: string;
  dryRun: boolean;
  requestedBy?: string | null;
  reason?: string | null;
}

export type ClaimResult =
  | { kind: 'claimed'; run: JobRunEntity }
  | { kind: 'taken-over'; run: JobRunEntity; previousOwner: string }
  | { kind: 'already-succeeded'; run: JobRunEntity }
  | { kind: 'in-progress'; run: JobRunEntity }
  | { kind: 'attempts-exhausted'; attempts: number };

const COLUMNS = `id, job, trading_day AS "tradingDay", status, trigger, dry_run AS "dryRun", attempt, owner,
  heartbeat_at AS "heartbeatAt", started_at AS "startedAt", finished_at AS "finishedAt",
  skip_reason AS "skipReason", error, summary, requested_by AS "requestedBy", reason`;

/** `date` columns arrive as 'YYYY-MM-DD' strings (type parser set in infra/database/data-source.ts). */
function toEntity(row: Record<string, unknown>): JobRunEntity {
  return Object.assign(new JobRunEntity(), row);
}

/**
 * The run ledger. Its guarantee lives in PostgreSQL, not in process memory: the partial unique index
 * job_run_one_active_per_day admits at most one running or succeeded row per (job, trading day), so
 * any number of replicas and triggers produce one run.
 */
@Injectable()
export class JobRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims the day in one statement: inserts a running row unless a unique index already holds a
   * running, succeeded or partial one. A running row whose heartbeat is older than
   * `staleAfterSeconds` is taken over (one conditional UPDATE, so only one replica wins). Failed rows
   * don't block; the attempts that claimed the day (attempt ≥ 1: never a gate-unknown or a skip) are
   * bounded by `maxAttempts`.
   */
  async claim(
    request: RunRequest,
    options: { staleAfterSeconds: number; maxAttempts: number },
  ): Promise<ClaimResult> {
    const inserted = await sqlRows<Record<string, unknown>>(
      this.dataSource,
      `WITH previous AS (
         SELECT count(*)::int AS attempts FROM job_run
          WHERE job = $1 AND trading_day = $2 AND attempt > 0
       )
       INSERT INTO job_run (job, trading_day, status, trigger, owner, dry_run, attempt, requested_by, reason)
       SELECT $1, $2, 'running', $3, $4, $5, previous.attempts + 1, $6, $7 FROM previous
        WHERE previous.attempts < $8
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        request.job,
        request.tradingDay,
        request.trigger,
        request.owner,
        request.dryRun,
        request.requestedBy ?? null,
        request.reason ?? null,
        options.maxAttempts,
      ],
    );
    if (inserted[0]) return { kind: 'claimed', run: toEntity(inserted[0]) };

    const active = await this.findActive(request.job, request.tradingDay);
    if (!active) {
      const attempts = await this.attemptsFor(request.job, request.tradingDay);
      if (attempts >= options.maxAttempts) return { kind: 'attempts-exhausted', attempts };
      // The active row finished between our two statements: try once more.
      return this.claim(request, options);
    }
    if (active.status === 'succeeded' || active.status === 'partial')
      return { kind: 'already-succeeded', run: active };

    const taken = await sqlRows<Record<string, unknown>>(
      this.dataSource,
      `UPDATE job_run
          SET owner = $2, heartbeat_at = now(), attempt = attempt + 1, trigger = $3
        WHERE id = $1 AND status = 'running' AND heartbeat_at < now() - make_interval(secs => $4)
        RETURNING ${COLUMNS}`,
      [active.id, request.owner, request.trigger, options.staleAfterSeconds],
    );
    return taken[0]
      ? { kind: 'taken-over', run: toEntity(taken[0]), previousOwner: active.owner }
      : { kind: 'in-progress', run: active };
  }

  /**
   * Runs whose owner stopped beating more than `staleAfterSeconds` ago (a crash, a kill, a lost
   * database) are recorded failed, so the ledger never shows a dead run as running; a later trigger
   * inside the window resumes its orders. Their owner, if it is alive after all, can no longer send
   * (its dispatch check needs a running row) nor finish the row.
   */
  async sweepAbandoned(staleAfterSeconds: number): Promise<JobRunEntity[]> {
    const rows = await sqlRows<Record<string, unknown>>(
      this.dataSource,
      `UPDATE job_run
          SET status = 'failed', finished_at = now(),
              error = 'abandoned: no heartbeat from ' || owner || ' since ' || to_char(heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
        RETURNING ${COLUMNS}`,
      [staleAfterSeconds],
    );
    return rows.map(toEntity);
  }

  /** Keeps the claim alive; false means another process took the run over and this one must stop. */
  async heartbeat(runId: string, owner: string): Promise<boolean> {
    const rows = await sqlRows<unknown>(
      this.dataSource,
      `UPDATE job_run SET heartbeat_at = now() WHERE id = $1 AND owner = $2 AND status = 'running' RETURNING id`,
      [runId, owner],
    );
    return rows.length === 1;
  }

  /** Ends a run this owner holds; returns false if it no longer holds it. */
  async finish(
    runId: string,
    owner: string,
    outcome: {
      status: Extract<RunStatus, 'succeeded' | 'partial' | 'failed'>;
      summary: Record<string, unknown>;
      error?: string | null;
    },
  ): Promise<boolean> {
    const rows = await sqlRows<unknown>(
      this.dataSource,
      `UPDATE job_run SET status = $3, summary = $4, error = $5, finished_at = now(), heartbeat_at = now()
        WHERE id = $1 AND owner = $2 AND status = 'running' RETURNING id`,
      [runId, owner, outcome.status, JSON.stringify(outcome.summary), outcome.error ?? null],
    );
    return rows.length === 1;
  }

  /** A trigger that did not run: recorded with its reason; never consumes the day. */
  async recordFinished(
    request: RunRequest,
    outcome: {
      status: Extract<RunStatus, 'skipped' | 'failed'>;
      reason: string;
      summary?: Record<string, unknown>;
    },
  ): Promise<JobRunEntity> {
    const rows = await sqlRows<Record<string, unknown>>(
      this.dataSource,
      `INSERT INTO job_run (job, trading_day, status, trigger, owner, dry_run, attempt, requested_by, reason,
                            skip_reason, error, summary, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10, $11, now())
       RETURNING ${COLUMNS}`,
      [
        request.job,
        request.tradingDay,
        outcome.status,
        request.trigger,
        request.owner,
        request.dryRun,
        request.requestedBy ?? null,
        request.reason ?? null,
        outcome.status === 'skipped' ? outcome.reason : null,
        outcome.status === 'failed' ? outcome.reason : null,
        outcome.summary ? JSON.stringify(outcome.summary) : null,
      ],
    );
    return toEntity(rows[0]);
  }

  async findActive(job: string, tradingDay: string): Promise<JobRunEntity | null> {
    const rows = await sqlRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM job_run WHERE job = $1 AND trading_day = $2 AND status IN ('running', 'succeeded', 'partial')`,
      [job, tradingDay],
    );
    return rows[0] ? toEntity(rows[0]) : null;
  }

  async attemptsFor(job: string, tradingDay: string): Promise<number> {
    const rows = await sqlRows<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM job_run WHERE job = $1 AND trading_day = $2 AND attempt > 0`,
      [job, tradingDay],
    );
    return rows[0]?.n ?? 0;
  }

  async findById(id: string): Promise<JobRunEntity | null> {
    const rows = await sqlRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM job_run WHERE id = $1`,
      [id],
    );
    return rows[0] ? toEntity(rows[0]) : null;
  }

  /** Newest first, keyset-paginated on (started_at, id); the cursor keeps microseconds. */
  async page(
    limit: number,
    after?: { at: string; id: string },
  ): Promise<(JobRunEntity & { cursorAt: string })[]> {
    const rows = after
      ? await sqlRows<Record<string, unknown>>(
          this.dataSource,
          `SELECT ${COLUMNS}, started_at::text AS "cursorAt" FROM job_run
            WHERE (started_at, id) < ($1::timestamptz, $2::uuid) ORDER BY started_at DESC, id DESC LIMIT $3`,
          [after.at, after.id, limit],
        )
      : await sqlRows<Record<string, unknown>>(
          this.dataSource,
          `SELECT ${COLUMNS}, started_at::text AS "cursorAt" FROM job_run ORDER BY started_at DESC, id DESC LIMIT $1`,
          [limit],
        );
    return rows.map((row) => toEntity(row) as unknown as JobRunEntity & { cursorAt: string });
  }

  async latest(job: string): Promise<JobRunEntity | null> {
    const rows = await sqlRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM job_run WHERE job = $1 ORDER BY started_at DESC, id DESC LIMIT 1`,
      [job],
    );
    return rows[0] ? toEntity(rows[0]) : null;
  }
}
