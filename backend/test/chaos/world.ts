/**
 * The chaos suite's world: one sandbox broker, one migrated database and one booted app shared by
 * every case, with a trading day of its own per case (the sandbox clock), so cases are isolated
 * without paying for a boot each. A case draws a plan, a fault schedule, a kill-switch flip and a
 * crash; `runCase` plays it and returns the invariant violations it observed (see invariants.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import type { SandboxAsset } from '../../src/sandbox/exchange';
import type { Fault } from '../../src/sandbox/faults';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { AlpacaClient } from '../../src/trading/broker/alpaca.client';
import { DailyRunService } from '../../src/trading/daily-run.service';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';
import { BACKEND_DIR, CLI_JS, assertBuilt, childEnv } from '../support/process';
import { checkInvariants, type Observation, type Violation } from './invariants';

/** 32 symbols: prices from $4 to $900, every fourth one whole shares only (not fractionable). */
export const UNIVERSE: SandboxAsset[] = Array.from({ length: 32 }, (_, i) => ({
  symbol: `C${String(i).padStart(2, '0')}`,
  price: (4 + ((i * 37) % 29) * 31 + (i % 3) * 0.25).toFixed(2),
  fractionable: i % 4 !== 3,
}));

/** Limits the app runs with (fixed at boot; the plan's size and the equity are what cases vary). */
export const LIMITS = { maxDailyNotional: 25_000, maxOrderNotional: 8_000 };

/** Database writes a case can make fail (a trigger raises on the n-th matching write). */
export const DB_FAULT_KINDS = [
  'order_intent:insert',
  'order_intent:submitting',
  'order_intent:submitted',
  'order_intent:filled',
  'order_intent:partially_filled',
  'order_intent:unknown',
  'order_intent:planned',
  'order_intent:rejected',
  'job_run:insert',
  'job_run:finish',
  'job_run:heartbeat',
] as const;
export type DbFaultKind = (typeof DB_FAULT_KINDS)[number];

export interface DbFault {
  kind: DbFaultKind;
  /** Matching writes let through first. */
  skip: number;
  /** Writes that fail after that. */
  times: number;
}

export interface ChaosCase {
  /** Cash in the account, dollars. */
  cash: number;
  /** Fixed-weights targets (what the admin would save). */
  targets: { symbol: string; weight: number }[];
  /** Positions held at the start (symbol → quantity). */
  positions: { symbol: string; qty: string }[];
  /** Broker faults, armed at the start. */
  faults: Fault[];
  /** Database write faults, armed at the start. */
  dbFaults: DbFault[];
  /** The kill switch turned off once this many POSTs reached the broker (null: never). */
  flipAfterPosts: number | null;
  /**
   * The first attempt runs in a CLI child process killed with SIGKILL once this many POSTs reached
   * the broker (null: it runs in the test's app, and nothing is killed).
   */
  crashAfterPosts: number | null;
  /** Attempt again once the first attempt is over (after a crash, there always is a resume). */
  resume: boolean;
  /**
   * Dashboard-like readers in the app during the first attempt (when it runs in the app): each
   * asks the broker's clock through the app's client, over and over, sharing its rate limiter.
   */
  readers: number;
}

export interface CaseReport {
  tradingDay: string;
  violations: Violation[];
  outcomes: string[];
  /** POSTs that reached the broker. */
  posts: number;
  orders: number;
  crashed: boolean;
  flipped: boolean;
  /** Everything the invariants were checked on. */
  observation: Observation;
}

export interface WorldOptions {
  /** How long the broker must stay silent before a phase counts as over (ms). */
  quietMs?: number;
  /** The same after an attempt in the app that ended on an error (its stragglers are slower). */
  quietAfterFailureMs?: number;
  /**
   * A POST arriving more than this after the flip committed is a violation; less is the slack
   * between a request's dispatch (its last toggle read, finished before the commit) and its
   * arrival: the app, the sandbox and the test share one event loop, so a busy tick between the
   * client's write and the server's read shows here.
   */
  flipGraceMs?: number;
}

const ORDER_ROUTE = /^(POST|GET|DELETE) \/v2\/orders/;

/** The engine's configuration for every case (the app and the CLI child get the same). */
function engineEnv(databaseUrl: string, brokerUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    ALPACA_BASE_URL: brokerUrl,
    TRADING_ENABLED: 'true',
    APP_ROLE: 'web',
    ALPACA_RATE_LIMIT_PER_MINUTE: '6000', // 10 ms apart: the limiter queues, yet 30 orders take 0.3 s
    ALPACA_TIMEOUT_MS: '250',
    ORDER_SUBMIT_CONCURRENCY: '5',
    RECONCILE_DEADLINE_SECONDS: '1',
    RECONCILE_POLL_MS: '50',
    // The world's time is compressed: buys wait for the sells as long as the run follows its
    // orders, and absence is proven after 2 s of broker time (the slowest drawn answer is 0.7 s).
    RUN_SELL_WAIT_SECONDS: '1',
    RUN_ABSENCE_PROOF_SECONDS: '2',
    RUN_STALE_AFTER_SECONDS: '5',
    RUN_MAX_ATTEMPTS_PER_DAY: '50',
    TRADING_WINDOW_MINUTES: '390',
    RISK_MAX_DAILY_NOTIONAL: String(LIMITS.maxDailyNotional),
    RISK_MAX_ORDER_NOTIONAL: String(LIMITS.maxOrderNotional),
    RISK_MAX_POSITIONS: '40',
    STRATEGY_TARGETS: 'C00:0.1',
    LOG_LEVEL: 'warn',
  };
}

export class ChaosWorld {
  sandbox!: RunningSandbox;
  app!: TestApp;
  databaseUrl!: string;
  /** The kill switch's own connection, so a flip's commit time is not blurred by a connect. */
  private flipper?: Client;
  /** Days handed out so far; each case (and each shrinking replay) gets a new one. */
  private day = 0;
  private readonly quietMs: number;
  private readonly quietAfterFailureMs: number;
  private readonly flipGraceMs: number;

  constructor(options: WorldOptions = {}) {
    this.quietMs = options.quietMs ?? 30;
    this.quietAfterFailureMs = options.quietAfterFailureMs ?? 600;
    this.flipGraceMs = options.flipGraceMs ?? 50;
  }

  async start(): Promise<void> {
    assertBuilt();
    this.sandbox = await startSandboxServer({ mode: 'always-open', assets: UNIVERSE });
    this.databaseUrl = await createMigratedDatabase('chaos');
    await query(this.databaseUrl, DB_FAULT_SQL);
    this.flipper = new Client({ connectionString: this.databaseUrl });
    await this.flipper.connect();
    this.app = await bootTestApp(this.databaseUrl, engineEnv(this.databaseUrl, this.sandbox.url));
  }

  async stop(): Promise<void> {
    await this.flipper?.end();
    await this.app?.shutdown();
    await this.sandbox?.close();
  }

  /** Plays one case and returns what it observed; throws only when the harness itself fails. */
  async runCase(c: ChaosCase): Promise<CaseReport> {
    const control = this.sandbox.control;
    const tradingDay = await this.prepare(c);
    const stalls = watchEventLoop();
    const outcomes: string[] = [];
    const phases: Observation['phases'] = [];
    let flippedAt: number | null = null;
    let stopFlip = false;
    const flip =
      c.flipAfterPosts === null
        ? Promise.resolve()
        : (async () => {
            while (!stopFlip && this.posts() < c.flipAfterPosts!) await sleep(2);
            if (stopFlip) return;
            // On a connection opened beforehand, so the time is taken as the commit answers. The
            // exclusive lock waits for toggle reads already running, and later ones wait for the
            // commit: once it answers, every read that saw "on" has finished.
            await this.flipper!.query(
              `BEGIN; LOCK TABLE toggle IN ACCESS EXCLUSIVE MODE;
               UPDATE toggle SET enabled = false WHERE key = 'trading_enabled'; COMMIT;`,
            );
            flippedAt = Date.now();
          })();

    // Phase 1: the attempt, in the app or in a CLI child killed at a random moment.
    const phase1Start = Date.now();
    let crashed = false;
    if (c.crashAfterPosts === null) {
      let reading = c.readers > 0;
      const client = this.app.app.get(AlpacaClient);
      const readers = Array.from({ length: c.readers }, async () => {
        while (reading) await client.getClock().catch(() => sleep(5));
      });
      outcomes.push(await this.attemptInApp());
      reading = false;
      await Promise.all(readers);
    } else {
      const child = await this.runCli(c.crashAfterPosts);
      crashed = child.killed;
      outcomes.push(child.outcome);
    }
    await this.quiesce(outcomes.at(-1)!);
    phases.push({ startedAt: phase1Start, endedAt: Date.now() });

    // Phase 2: the world recovers (faults gone); a resume in the app, which takes over a crashed
    // run once its heartbeat is stale (made stale here rather than waited for: the owner is dead).
    if (crashed || c.resume) {
      control.clearFaults();
      await this.sql(`DELETE FROM chaos_db_fault`);
      if (crashed)
        await this.sql(
          `UPDATE job_run SET heartbeat_at = now() - interval '1 hour'
            WHERE trading_day = '${tradingDay}' AND status = 'running' AND owner <> '${this.app.config.instanceId}'`,
        );
      const phase2Start = Date.now();
      outcomes.push(await this.attemptInApp());
      await this.quiesce(outcomes.at(-1)!);
      phases.push({ startedAt: phase2Start, endedAt: Date.now() });
    }
    stopFlip = true;
    await flip;
    return this.observe(tradingDay, {
      outcomes,
      phases,
      flippedAt,
      crashed,
      stalls: stalls.stop(),
    });
  }

  /**
   * Two real processes race for the same day: `openbell run` in a child process, and an attempt in
   * the test's app started once the child's `startAfterRequests`-th request reached the broker
   * (the child asks the clock at boot, then the gate asks clock and calendar: 2–4 puts the app's
   * gate beside the child's), plus `delayMs`. Requests cannot be told apart by process here, so
   * invariant (e) is not attributed (no phases).
   */
  async raceCase(
    c: ChaosCase,
    start: { afterRequests: number; delayMs: number },
  ): Promise<CaseReport & { winner: 'cli' | 'app' | 'none' }> {
    const tradingDay = await this.prepare(c);
    const control = this.sandbox.control;
    const cli = this.runCli(null);
    const app = (async () => {
      while (control.arrivals.length < start.afterRequests) await sleep(1);
      await sleep(start.delayMs);
      return this.attemptInApp();
    })();
    const [cliOutcome, appOutcome] = await Promise.all([cli, app]);
    await this.quiesce(cliOutcome.outcome);
    await this.quiesce(appOutcome);
    const report = await this.observe(tradingDay, {
      outcomes: [cliOutcome.outcome, appOutcome],
      phases: [],
      flippedAt: null,
      crashed: false,
    });
    const owners = new Set(report.observation.runs.map((r) => r.owner));
    const winner =
      owners.size !== 1 ? 'none' : owners.has(this.app.config.instanceId) ? 'app' : 'cli';
    return { ...report, winner };
  }

  /** A new trading day, the account, targets and faults of the case; the kill switch on. */
  private async prepare(c: ChaosCase): Promise<string> {
    const control = this.sandbox.control;
    const tradingDay = this.nextDay();
    control.resetAccount({
      cash: c.cash.toFixed(2),
      positions: Object.fromEntries(c.positions.map((p) => [p.symbol, p.qty])),
    });
    await this.sql(`
      UPDATE toggle SET enabled = true WHERE key = 'trading_enabled';
      DELETE FROM strategy_target;
      INSERT INTO strategy_target (symbol, weight, updated_by)
        SELECT t.symbol, t.weight, 'chaos' FROM jsonb_to_recordset('${JSON.stringify(
          c.targets.map((t) => ({ symbol: t.symbol, weight: t.weight.toFixed(6) })),
        )}'::jsonb) AS t(symbol text, weight numeric);
      ${ARM_DB_FAULTS(c.dbFaults)}`);
    for (const fault of c.faults) control.inject(fault);
    return tradingDay;
  }

  /** What the broker and the ledger hold for the day, and the invariants checked on it. */
  private async observe(
    tradingDay: string,
    played: {
      outcomes: string[];
      phases: Observation['phases'];
      flippedAt: number | null;
      crashed: boolean;
      stalls?: Observation['stalls'];
    },
  ): Promise<CaseReport> {
    const control = this.sandbox.control;
    await this.sql(`DELETE FROM chaos_db_fault`);
    control.clearFaults();
    const observation: Observation = {
      tradingDay,
      arrivals: control.arrivals.map((a) => ({ ...a })),
      brokerOrders: control.allOrders(),
      prices: Object.fromEntries(UNIVERSE.map((a) => [a.symbol, a.price])),
      intents: await query(
        this.databaseUrl,
        `SELECT client_order_id AS "clientOrderId", symbol, side, status, broker_order_id AS "brokerOrderId",
                run_id AS "runId"
           FROM order_intent WHERE trading_day = $1 AND NOT simulated`,
        [tradingDay],
      ),
      runs: (
        await query<{ id: string; status: string; finishedAt: Date | null; owner: string }>(
          this.databaseUrl,
          `SELECT id, status, finished_at AS "finishedAt", owner FROM job_run
            WHERE trading_day = $1 AND job = 'daily-rebalance' AND attempt > 0`,
          [tradingDay],
        )
      ).map((r) => ({ ...r, finishedAt: r.finishedAt ? r.finishedAt.getTime() : null })),
      flippedAt: played.flippedAt,
      stalls: played.stalls ?? [],
      phases: played.phases,
      maxDailyNotional: LIMITS.maxDailyNotional,
      flipGraceMs: this.flipGraceMs,
    };
    return {
      tradingDay,
      violations: checkInvariants(observation, ORDER_ROUTE),
      outcomes: played.outcomes,
      posts: this.posts(),
      orders: observation.brokerOrders.length,
      crashed: played.crashed,
      flipped: played.flippedAt !== null,
      observation,
    };
  }

  private posts(): number {
    return this.sandbox.control.arrivals.filter((a) => a.route === 'POST /v2/orders').length;
  }

  private async attemptInApp(): Promise<string> {
    const attempt = this.app.app.get(DailyRunService).attempt({ trigger: 'manual' });
    const outcome = await withTimeout(attempt, 60_000, 'attempt did not finish within 60 s').catch(
      (error: unknown) => ({ status: 'threw', reason: String(error) }),
    );
    return `app: ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}`;
  }

  /** `openbell run` in a child process, SIGKILLed once `killAfterPosts` POSTs reached the broker. */
  private async runCli(
    killAfterPosts: number | null,
  ): Promise<{ killed: boolean; outcome: string }> {
    const child = spawnCli({
      ...engineEnv(this.databaseUrl, this.sandbox.url),
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let done = false;
    void exited.then(() => (done = true));
    let killed = false;
    const deadline = Date.now() + 60_000;
    while (!done && Date.now() < deadline) {
      if (killAfterPosts !== null && this.posts() >= killAfterPosts) {
        killed = child.kill('SIGKILL');
        break;
      }
      await sleep(2);
    }
    if (!done && !killed) child.kill('SIGKILL');
    const code = await exited;
    const last = output.trim().split('\n').slice(-3).join(' | ');
    return {
      killed,
      outcome: killed ? `cli: killed after ${this.posts()} POST(s)` : `cli: exit ${code} ${last}`,
    };
  }

  /**
   * Waits until the broker has nothing in progress and has heard nothing for `quietMs`, or for
   * `quietAfterFailureMs` after an attempt in the app that ended on an error: its workers may still be waiting
   * on a client timeout or a retry's backoff (finding 2), and what they send then must be seen in
   * this phase, not blamed on the next one or leak into the next case.
   */
  private async quiesce(outcome = ''): Promise<void> {
    const control = this.sandbox.control;
    // Stragglers are possible only where the app's attempt ended on an error (not on a halt, which
    // waits for its workers); a child process that exited or was killed sends nothing more.
    const stragglers =
      /^app: (failed|threw)/.test(outcome) &&
      !/^app: failed \((trading disabled|market gate unknown)/.test(outcome);
    const quietMs = stragglers ? this.quietAfterFailureMs : this.quietMs;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const last = control.arrivals.at(-1)?.at ?? 0;
      const quietFor =
        Date.now() - Math.max(last, ...control.arrivals.map((a) => a.answeredAt ?? 0));
      if (control.inFlight() === 0 && quietFor >= quietMs) return;
      if (Date.now() > deadline) return;
      await sleep(Math.max(5, Math.min(50, quietMs - quietFor)));
    }
  }

  private nextDay(): string {
    // A new trading day per case: the sandbox clock jumps to 11:00 New York on day N after the base.
    const day = DateTime.fromISO('2031-01-06T11:00:00', { zone: 'America/New_York' }).plus({
      days: this.day++,
    });
    this.sandbox.control.setClock({ offsetMs: day.toMillis() - Date.now() });
    return day.toISODate()!;
  }

  private sql(text: string): Promise<unknown> {
    return query(this.databaseUrl, text);
  }
}

/**
 * Samples the event loop every 5 ms and records each tick that came late (when, by how much). The
 * app, the sandbox and the test share this loop, so a stall delays a request between its dispatch
 * and the sandbox's record of its arrival; invariant (b) allows for the stalls it measured.
 */
function watchEventLoop(): { stop(): { at: number; lateMs: number }[] } {
  const stalls: { at: number; lateMs: number }[] = [];
  let expected = Date.now() + 5;
  const timer = setInterval(() => {
    const now = Date.now();
    if (now - expected > 2) stalls.push({ at: now, lateMs: now - expected });
    expected = now + 5;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return stalls;
    },
  };
}

function spawnCli(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [CLI_JS, 'run'], {
    env: childEnv(env),
    cwd: BACKEND_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Database write faults for real: a trigger on order_intent and job_run counts each write by kind
 * in a sequence (not rolled back with the failing statement) and raises on the armed ones. The
 * test creates it; no migration does.
 */
const DB_FAULT_SQL = `
  CREATE TABLE chaos_db_fault (kind text NOT NULL, fail_from bigint NOT NULL, fail_to bigint NOT NULL);
  CREATE FUNCTION chaos_write_fault() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    k text;
    n bigint;
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM chaos_db_fault) THEN RETURN NEW; END IF;
    IF TG_OP = 'INSERT' THEN k := TG_TABLE_NAME || ':insert';
    ELSIF TG_TABLE_NAME = 'order_intent' THEN k := 'order_intent:' || NEW.status;
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN k := 'job_run:finish';
    ELSE k := 'job_run:heartbeat';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM chaos_db_fault WHERE kind = k) THEN RETURN NEW; END IF;
    -- nextval is never rolled back: the count survives the failure it causes.
    n := nextval('chaos_write_seq_' || replace(k, ':', '_'));
    IF EXISTS (SELECT 1 FROM chaos_db_fault WHERE kind = k AND n > fail_from AND n <= fail_to) THEN
      RAISE EXCEPTION 'chaos: injected write failure (% #%)', k, n;
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER chaos_order_intent BEFORE INSERT OR UPDATE ON order_intent
    FOR EACH ROW EXECUTE FUNCTION chaos_write_fault();
  CREATE TRIGGER chaos_job_run BEFORE INSERT OR UPDATE ON job_run
    FOR EACH ROW EXECUTE FUNCTION chaos_write_fault();
  ${DB_FAULT_KINDS.map((k) => `CREATE SEQUENCE chaos_write_seq_${k.replace(':', '_')};`).join('\n')}
`;

function ARM_DB_FAULTS(faults: DbFault[]): string {
  const kinds = [...new Set(faults.map((f) => f.kind))];
  return [
    `DELETE FROM chaos_db_fault;`,
    ...kinds.map((k) => `SELECT setval('chaos_write_seq_${k.replace(':', '_')}', 1, false);`),
    ...faults.map(
      // setval(…, 1, false): the next write is number 1.
      (f) => `INSERT INTO chaos_db_fault VALUES ('${f.kind}', ${f.skip}, ${f.skip + f.times});`,
    ),
  ].join('\n');
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
