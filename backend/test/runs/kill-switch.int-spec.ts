/**
 * The kill switch is read again when the rate limiter releases an order, right before it goes on
 * the wire: orders already queued behind the limiter when it flips are never sent, whatever the
 * concurrency, and go back to `planned`.
 */
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { DailyRunService } from '../../src/trading/daily-run.service';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';

describe('kill switch with orders queued behind the rate limiter', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    url = await createMigratedDatabase('kill');
  });
  afterAll(async () => {
    await app?.shutdown();
    await sandbox.close();
  });

  it('sends nothing after the flip, even with five orders in flight at once', async () => {
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      TRADING_ENABLED: 'true',
      // A burst of 6 (the run's reads take most of it), then one request every 500 ms: the five
      // workers pass their first check at once and then wait their turn in the limiter, where the
      // flip finds them.
      ALPACA_RATE_LIMIT_PER_MINUTE: '120',
      ORDER_SUBMIT_CONCURRENCY: '5',
      STRATEGY_TARGETS: 'SPY:0.01,TLT:0.01,QQQ:0.01,AAPL:0.01,MSFT:0.01,NVDA:0.01',
    });
    const running = app.app.get(DailyRunService).attempt({ trigger: 'manual' });
    await waitFor(async () => sandbox.control.received.length >= 1, 30_000, 5);
    await query(url, `UPDATE toggle SET enabled = false WHERE key = 'trading_enabled'`);
    const flippedAt = Date.now();

    await expect(running).resolves.toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('trading disabled'),
    });
    const posts = sandbox.control.arrivals.filter((a) => a.route === 'POST /v2/orders');
    expect(posts.filter((a) => a.at > flippedAt)).toEqual([]);
    // The orders refused at dispatch were never sent: planned, not submitting or unknown.
    const statuses = await query<{ status: string; n: number }>(
      url,
      `SELECT status, count(*)::int AS n FROM order_intent GROUP BY status ORDER BY status`,
    );
    expect(statuses.map((s) => s.status).sort()).toEqual(expect.arrayContaining(['planned']));
    expect(
      statuses.find((s) => s.status === 'submitting' || s.status === 'unknown'),
    ).toBeUndefined();
    const planned = statuses.find((s) => s.status === 'planned')!.n;
    expect(planned + posts.length).toBe(6);
    expect(posts.length).toBeLessThan(6);
  });
});
