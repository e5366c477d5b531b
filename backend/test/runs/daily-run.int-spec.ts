import { DataSource } from 'typeorm';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { DailyRunService } from '../../src/trading/daily-run.service';
import { RunFinishedHooks } from '../../src/trading/run-finished.hooks';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';
import { spawn } from 'node:child_process';
import { childEnv, CLI_JS, runNode } from '../support/process';
import { startQuiverStandIn } from '../quiver/quiver-stand-in';

const OPEN = '2026-11-23T15:00:00Z'; // Monday 10:00 New York, 30 minutes into the window

async function setKillSwitch(url: string, enabled: boolean) {
  await query(
    url,
    `UPDATE toggle SET enabled = $1, updated_at = now() WHERE key = 'trading_enabled'`,
    [enabled],
  );
}

/** The orders the broker holds per client_order_id: must never exceed one. */
function duplicatesAt(sandbox: RunningSandbox): string[] {
  const counts = new Map<string, number>();
  for (const r of sandbox.control.received.filter((x) => x.accepted))
    counts.set(r.clientOrderId, (counts.get(r.clientOrderId) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([id]) => id);
}

describe('the daily run against PostgreSQL and the sandbox broker', () => {
  let sandbox: RunningSandbox;
  let url: string;
  let app: TestApp | undefined;

  beforeEach(async () => {
    sandbox = await startSandboxServer();
    sandbox.control.setClock({ at: OPEN });
    url = await createMigratedDatabase('run');
  });
  afterEach(async () => {
    await app?.shutdown();
    app = undefined;
    await sandbox.close();
  });

  const env = (extra: Record<string, string> = {}) => ({
    ALPACA_BASE_URL: sandbox.url,
    TRADING_ENABLED: 'true',
    ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
    RECONCILE_POLL_MS: '50',
    ...extra,
  });
  const boot = async (extra: Record<string, string> = {}) => {
    // The web role: no cron and no catch-up, so each test decides when the run happens.
    app = await bootTestApp(url, { APP_ROLE: 'web', ...env(extra) });
    return app.app.get(DailyRunService);
  };

  it('runs live: plans within limits, sends each order once, follows them to filled', async () => {
    const runs = await boot();
    const outcome = await runs.attempt({ trigger: 'manual', requestedBy: 'test' });
    expect(outcome).toMatchObject({
      status: 'succeeded',
      run: { status: 'succeeded', tradingDay: '2026-11-23', trigger: 'manual' },
    });
    const orders = await query(
      url,
      `SELECT symbol, side, notional::text, status, client_order_id, filled_avg_price::text FROM order_intent ORDER BY symbol`,
    );
    expect(orders).toEqual([
      {
        symbol: 'SPY',
        side: 'buy',
        notional: '10000.00',
        status: 'filled',
        client_order_id: 'ob-2026-11-23-fixed-weights-SPY-buy',
        filled_avg_price: '600.000000',
      },
      {
        symbol: 'TLT',
        side: 'buy',
        notional: '10000.00',
        status: 'filled',
        client_order_id: 'ob-2026-11-23-fixed-weights-TLT-buy',
        filled_avg_price: '90.000000',
      },
    ]);
    expect(sandbox.control.received.map((r) => r.clientOrderId).sort()).toEqual([
      'ob-2026-11-23-fixed-weights-SPY-buy',
      'ob-2026-11-23-fixed-weights-TLT-buy',
    ]);
    // A second trigger the same day finds the day done and sends nothing.
    await expect(runs.attempt({ trigger: 'cron' })).resolves.toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('already succeeded today'),
    });
    expect(sandbox.control.received).toHaveLength(2);
  });

  it('four CLI processes triggered at the same instant make one run and send each order at most once', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => runNode(CLI_JS, ['run'], { DATABASE_URL: url, ...env() })),
    );
    const codes = results.map((r) => r.code).sort();
    expect(codes).toEqual([0, 2, 2, 2]);
    expect(
      await query(
        url,
        `SELECT status, count(*)::int AS n FROM job_run WHERE job = 'daily-rebalance' GROUP BY status ORDER BY status`,
      ),
    ).toEqual([
      { status: 'skipped', n: 3 },
      { status: 'succeeded', n: 1 },
    ]);
    expect(duplicatesAt(sandbox)).toEqual([]);
    expect(sandbox.control.received).toHaveLength(2);
  });

  it('adopts an order the broker accepted but answered with a 500, without sending it twice', async () => {
    const runs = await boot();
    sandbox.control.inject({ route: 'POST /v2/orders', kind: 'accept-then-fail' });
    await expect(runs.attempt({ trigger: 'manual' })).resolves.toMatchObject({
      status: 'succeeded',
    });
    expect(
      await query(
        url,
        `SELECT status, broker_order_id IS NOT NULL AS adopted FROM order_intent ORDER BY symbol`,
      ),
    ).toEqual([
      { status: 'filled', adopted: true },
      { status: 'filled', adopted: true },
    ]);
    expect(sandbox.control.orderCount()).toBe(2);
    expect(duplicatesAt(sandbox)).toEqual([]);
  });

  it('sizes the buys to the buying power the broker reports after the sells, instead of sending one it refuses', async () => {
    // Equity 65,000 but only 5,000 cash; SPY is blocklisted, so no sale frees cash for TLT's 8,000.
    sandbox.control.setCash('5000');
    sandbox.control.setPosition('SPY', '100');
    const runs = await boot({
      STRATEGY_TARGETS: 'SPY:0.5,TLT:0.5',
      RISK_SYMBOL_BLOCKLIST: 'SPY',
      RISK_MAX_ORDER_NOTIONAL: '8000',
    });
    const outcome = await runs.attempt({ trigger: 'manual' });
    expect(outcome.status).toBe('succeeded');
    const orders = await query<{
      symbol: string;
      status: string;
      notional: string;
      risk_notes: { rule: string }[];
    }>(url, `SELECT symbol, status, notional::text, risk_notes FROM order_intent ORDER BY symbol`);
    expect(orders[0]).toMatchObject({ symbol: 'SPY', status: 'dropped' });
    expect(orders[1]).toMatchObject({ symbol: 'TLT', status: 'filled', notional: '5000.00' });
    expect(orders[1].risk_notes.map((n) => n.rule)).toContain('buying-power');
    expect(sandbox.control.received.filter((r) => !r.accepted)).toEqual([]);
  });

  it('calls a run whose orders are still open at the deadline partial, never succeeded, and alerts', async () => {
    sandbox.control.setFillDelay(60_000);
    const runs = await boot({ RECONCILE_DEADLINE_SECONDS: '1', RECONCILE_POLL_MS: '100' });
    const outcome = await runs.attempt({ trigger: 'manual' });
    expect(outcome).toMatchObject({
      status: 'partial',
      reason: '2 order(s) still open',
      run: { status: 'partial' },
    });
    // The partial run reached the broker, so the daily summary goes out too (once the run's
    // background report is done: it never holds up the run's outcome).
    await app!.app.get(RunFinishedHooks).settled();
    expect(await query(url, `SELECT kind FROM alert ORDER BY kind`)).toEqual([
      { kind: 'daily_summary' },
      { kind: 'run_partial' },
    ]);
    // A partial run holds the day like a successful one: the next trigger sends nothing.
    await expect(runs.attempt({ trigger: 'cron' })).resolves.toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('already partial today'),
    });
    expect(sandbox.control.received).toHaveLength(2);
  });

  it('stops at once when the kill switch flips mid-run: no order after the flip', async () => {
    sandbox.control.latencyMs = 150;
    const runs = await boot({
      ORDER_SUBMIT_CONCURRENCY: '1',
      STRATEGY_TARGETS: 'SPY:0.1,TLT:0.1,QQQ:0.1,AAPL:0.1,MSFT:0.1,NVDA:0.1',
      RISK_MAX_ORDER_NOTIONAL: '1000',
    });
    const running = runs.attempt({ trigger: 'manual' });
    await waitFor(async () => sandbox.control.received.length >= 1, 20_000, 20);
    await setKillSwitch(url, false);
    const flippedAt = Date.now();
    const outcome = await running;
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('trading disabled'),
    });
    const after = sandbox.control.arrivals.filter(
      (a) => a.route === 'POST /v2/orders' && a.at > flippedAt,
    );
    expect(after).toHaveLength(0);
    const statuses = await query(url, `SELECT status FROM order_intent WHERE status = 'planned'`);
    expect(statuses.length).toBeGreaterThanOrEqual(3);
  });

  it('never sends with TRADING_ENABLED=false, even with the toggle on; dry runs send nothing', async () => {
    const runs = await boot({ TRADING_ENABLED: 'false' });
    await setKillSwitch(url, true);
    await expect(runs.attempt({ trigger: 'cron' })).resolves.toMatchObject({
      status: 'succeeded',
      run: { summary: { mode: 'dry-run', modeReason: 'env-ceiling' } },
    });
    expect(await query(url, `SELECT DISTINCT status, simulated FROM order_intent`)).toEqual([
      { status: 'simulated', simulated: true },
    ]);
    await expect(runs.attempt({ trigger: 'manual', dryRun: true })).resolves.toMatchObject({
      status: 'succeeded',
      run: { job: 'daily-rebalance-dry-run' },
    });
    expect(sandbox.control.received).toHaveLength(0);
    expect(sandbox.control.arrivals.filter((a) => a.route === 'POST /v2/orders')).toHaveLength(0);
  });

  it('records skips with the reason, and the gate unknown as a failure that a later trigger retries', async () => {
    const runs = await boot();
    sandbox.control.setClock({ at: '2026-11-26T15:00:00Z' });
    await expect(runs.attempt({ trigger: 'cron' })).resolves.toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('not a trading day'),
    });
    sandbox.control.setClock({ at: OPEN });
    await query(url, `UPDATE toggle SET enabled = false WHERE key = 'scheduler_enabled'`);
    await expect(runs.attempt({ trigger: 'cron' })).resolves.toMatchObject({
      status: 'skipped',
      reason: 'scheduler paused',
    });
    await query(url, `UPDATE toggle SET enabled = true WHERE key = 'scheduler_enabled'`);
    sandbox.control.inject({ route: 'GET /v2/clock', kind: 'status-503', times: 10 });
    await expect(runs.attempt({ trigger: 'cron' })).resolves.toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('market gate unknown'),
    });
    expect(await query(url, `SELECT kind FROM alert`)).toEqual([{ kind: 'run_failed' }]);
    sandbox.control.clearFaults();
    await expect(runs.attempt({ trigger: 'cron' })).resolves.toMatchObject({ status: 'succeeded' });
    expect(sandbox.control.received).toHaveLength(2);
  });

  it('a process killed mid-submission is resumed by the next trigger, which sends only what is missing', async () => {
    sandbox.control.latencyMs = 300;
    const targets = {
      STRATEGY_TARGETS: 'SPY:0.1,TLT:0.1,QQQ:0.1,AAPL:0.1,MSFT:0.1,NVDA:0.1',
      RISK_MAX_ORDER_NOTIONAL: '1000',
      RUN_STALE_AFTER_SECONDS: '5',
    };
    const child = spawn(process.execPath, [CLI_JS, 'run'], {
      env: childEnv({ DATABASE_URL: url, ...env({ ...targets, ORDER_SUBMIT_CONCURRENCY: '1' }) }),
    });
    await waitFor(
      async () => sandbox.control.received.filter((r) => r.accepted).length >= 2,
      30_000,
      10,
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const sentBeforeKill = sandbox.control.received.filter((r) => r.accepted).length;
    expect(sentBeforeKill).toBeLessThan(6);
    expect(await query(url, `SELECT count(*)::int AS n FROM order_intent`)).toEqual([{ n: 6 }]);

    sandbox.control.latencyMs = 0;
    // A trigger while the dead owner's heartbeat is fresh does nothing; once stale, it takes over.
    await waitFor(
      async () => {
        const result = await runNode(CLI_JS, ['run'], { DATABASE_URL: url, ...env(targets) });
        return result.code === 0;
      },
      30_000,
      500,
    );
    const runRows = await query(
      url,
      `SELECT status, attempt FROM job_run WHERE job = 'daily-rebalance' AND status <> 'skipped'`,
    );
    expect(runRows).toEqual([{ status: 'succeeded', attempt: 2 }]);
    expect(await query(url, `SELECT DISTINCT status FROM order_intent`)).toEqual([
      { status: 'filled' },
    ]);
    expect(duplicatesAt(sandbox)).toEqual([]);
    expect(sandbox.control.orderCount()).toBe(6);
  });

  it('congress-buys: Quiver refusing the token fails the run with the reason and places no order', async () => {
    const quiver = await startQuiverStandIn();
    quiver.set({ status: 401, body: { error: 'invalid token' } });
    try {
      const runs = await boot({
        STRATEGY: 'congress-buys',
        QUIVER_API_TOKEN: 'wrong-token',
        QUIVER_BASE_URL: quiver.url,
      });
      await expect(runs.attempt({ trigger: 'cron' })).resolves.toMatchObject({
        status: 'failed',
        reason: 'Quiver refused the API token (HTTP 401)',
      });
      expect(await query(url, 'SELECT count(*)::int AS n FROM order_intent')).toEqual([{ n: 0 }]);
      expect(sandbox.control.arrivals.filter((a) => a.route === 'POST /v2/orders')).toHaveLength(0);
      expect(await query(url, `SELECT kind FROM alert`)).toEqual([{ kind: 'run_failed' }]);
    } finally {
      await quiver.close();
    }
  });

  it('catches up at boot inside the window, and not outside it', async () => {
    sandbox.control.setClock({ at: '2026-11-23T18:00:00Z' }); // 13:00 New York: outside the window
    const runs = await boot();
    await expect(runs.catchUp()).resolves.toBeNull();
    expect(await query(url, `SELECT count(*)::int AS n FROM job_run`)).toEqual([{ n: 0 }]);
    await app!.shutdown();

    sandbox.control.setClock({ at: OPEN });
    app = await bootTestApp(url, { APP_ROLE: 'worker', ...env() });
    await waitFor(
      async () =>
        (await query(url, `SELECT count(*)::int AS n FROM job_run WHERE status = 'succeeded'`))[0]
          .n === 1,
      20_000,
    );
    expect(await query(url, `SELECT trigger FROM job_run`)).toEqual([{ trigger: 'catch-up' }]);
    expect(app.app.get(DataSource).isInitialized).toBe(true);
  });
});
