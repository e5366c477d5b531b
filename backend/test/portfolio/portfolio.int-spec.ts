import request from 'supertest';
import { DataSource } from 'typeorm';
import { budgetPerWindow, capWindowMs } from '../../src/trading/broker/alpaca-transport';
import { AlpacaClient } from '../../src/trading/broker/alpaca.client';
import { PostgresBrokerBudget } from '../../src/trading/broker/broker-budget';
import { AlertDeliveryWorker } from '../../src/alerts/alert-delivery.worker';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import { PortfolioSnapshotService } from '../../src/portfolio/portfolio-snapshot.service';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { DailyRunService } from '../../src/trading/daily-run.service';
import { WebhookReceiver } from '../alerts/webhook-receiver';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';

const OPEN = '2026-11-23T15:00:00Z'; // a Monday, 10:00 New York
const AFTER_CLOSE = '2026-11-23T21:30:00Z'; // 16:30 New York
const VIEWER = { email: 'viewer@example.com', password: 'Viewer-password-12' };
const JWT_SECRET = 'a-test-jwt-secret-that-is-long-enough-1234';

/**
 * GET /api/portfolio and /api/portfolio/history on real PostgreSQL and the sandbox over HTTP, the
 * snapshot writer, planned versus filled in the run detail, and the daily summary to local
 * receivers.
 */
describe('portfolio', () => {
  let sandbox: RunningSandbox;
  let url: string;
  const apps: TestApp[] = [];

  beforeEach(async () => {
    sandbox = await startSandboxServer({ positions: { SPY: '10', QQQ: '5' } });
    sandbox.control.setClock({ at: OPEN });
    url = await createMigratedDatabase('portfolio');
    await query(url, `UPDATE toggle SET enabled = false WHERE key = 'scheduler_enabled'`);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.shutdown();
    await sandbox.close();
  });

  const boot = async (extra: Record<string, string> = {}) => {
    const app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
      TRADING_ENABLED: 'true',
      RECONCILE_POLL_MS: '50',
      JWT_SECRET,
      ...extra,
    });
    apps.push(app);
    return app;
  };
  const viewerToken = async (app: TestApp) => {
    await app.app.get(AdminUsersService).create(VIEWER.email, 'viewer', VIEWER.password);
    return (await request(app.url).post('/api/auth/login').send(VIEWER).expect(200)).body
      .accessToken as string;
  };

  it('GET /api/portfolio: equity, positions, target vs actual weight and drift; many readers, one set of broker reads', async () => {
    const app = await boot();
    const token = await viewerToken(app);
    const before = {
      account: sandbox.control.requestCount('GET /v2/account'),
      positions: sandbox.control.requestCount('GET /v2/positions'),
    };
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        request(app.url).get('/api/portfolio').set('Authorization', `Bearer ${token}`),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // And a second wave right after: still served from the same read.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        request(app.url).get('/api/portfolio').set('Authorization', `Bearer ${token}`).expect(200),
      ),
    );
    expect(sandbox.control.requestCount('GET /v2/account') - before.account).toBe(1);
    expect(sandbox.control.requestCount('GET /v2/positions') - before.positions).toBe(1);

    const body = answers[0].body;
    expect(body).toMatchObject({
      state: 'ok',
      message: null,
      strategy: 'fixed-weights',
      account: { equity: '108600.00', cash: '100000.00', todayChange: '0.00' },
      untargeted: ['QQQ'],
      missing: [{ symbol: 'TLT', targetWeight: '0.400000', drift: '-0.400000' }],
      largestDrift: { symbol: 'SPY', drift: '-0.544751' },
    });
    expect(body.positions).toEqual([
      expect.objectContaining({
        symbol: 'QQQ',
        marketValue: '2600.00',
        targetWeight: null,
        actualWeight: '0.023941',
        drift: '0.023941',
        targeted: false,
      }),
      expect.objectContaining({
        symbol: 'SPY',
        qty: '10.000000000',
        marketValue: '6000.00',
        costBasis: '6000.00',
        targetWeight: '0.600000',
        actualWeight: '0.055248',
        drift: '-0.544751',
        targeted: true,
      }),
    ]);
  });

  it('broker down: the portfolio says so (no figures as current) and the history falls back to the snapshots', async () => {
    const app = await boot();
    const token = await viewerToken(app);
    await query(
      url,
      `INSERT INTO portfolio_snapshot (trading_day, equity, cash, positions, closed, taken_at)
       VALUES ('2026-11-20', '101000.00', '1000.00', '[]', true, '2026-11-20T21:05:00Z'),
              ('2026-11-19', '100500.00', '1000.00', '[]', true, '2026-11-19T21:05:00Z')`,
    );
    sandbox.control.inject({ route: '*', kind: 'status-503', times: Infinity });
    const portfolio = await request(app.url)
      .get('/api/portfolio')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(portfolio.body).toMatchObject({
      state: 'unavailable',
      account: null,
      positions: [],
      lastSnapshot: { tradingDay: '2026-11-20', equity: '101000.00', closed: true },
    });
    expect(portfolio.body.message).toMatch(/broker unavailable/);

    const history = await request(app.url)
      .get('/api/portfolio/history?period=1M')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(history.body).toMatchObject({ period: '1M', timeframe: '1D', state: 'unavailable' });
    expect(history.body.points).toEqual([
      expect.objectContaining({
        tradingDay: '2026-11-19',
        equity: '100500.00',
        source: 'snapshot',
      }),
      expect.objectContaining({
        tradingDay: '2026-11-20',
        equity: '101000.00',
        source: 'snapshot',
      }),
    ]);
  });

  it("busy: while another process sends the run's orders, the portfolio read gives way unsent and says so", async () => {
    const app = await boot({ ALPACA_RATE_LIMIT_PER_MINUTE: '600', ALPACA_TIMEOUT_MS: '300' });
    const token = await viewerToken(app);
    const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
    try {
      // The worker process: same account, same budget in PostgreSQL, sending orders.
      const worker = new AlpacaClient({
        baseUrl: sandbox.url,
        keyId: 'k',
        secretKey: 's',
        live: false,
        rateLimitPerMinute: 600,
        timeoutMs: 10_000,
        budget: new PostgresBrokerBudget(dataSource, {
          owner: 'worker',
          capacity: budgetPerWindow(600, 60_000),
          windowMs: capWindowMs(60_000),
        }),
      });
      sandbox.control.arrivals.length = 0;
      const orders = Array.from({ length: 20 }, (_, i) =>
        worker.submitOrder({
          client_order_id: `busy-${i}`,
          symbol: 'SPY',
          side: 'buy',
          type: 'market',
          time_in_force: 'day',
          notional: '10',
        }),
      );
      await waitFor(async () => sandbox.control.arrivals.length >= 1, 10_000, 5);
      const answer = await request(app.url)
        .get('/api/portfolio')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(answer.body).toMatchObject({ state: 'busy', account: null, positions: [] });
      expect(answer.body.message).toMatch(/sending orders/);
      await Promise.all(orders);
      expect(sandbox.control.arrivals.filter((x) => x.route === 'GET /v2/account')).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('GET /api/portfolio/history: the broker series joined with the snapshots; a bad period is a 400 naming it', async () => {
    const app = await boot();
    const token = await viewerToken(app);
    // A day the broker's series does not have (before the sandbox account existed) shows from the snapshot.
    await query(
      url,
      `INSERT INTO portfolio_snapshot (trading_day, equity, cash, positions, run_id, run_status, closed, taken_at)
       VALUES ('2026-11-02', '99000.00', '1000.00', '[]', gen_random_uuid(), 'succeeded', true, '2026-11-02T21:05:00Z')`,
    );
    const history = await request(app.url)
      .get('/api/portfolio/history?period=1M')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(history.body.state).toBe('ok');
    const points = history.body.points as { tradingDay: string; source: string; equity: string }[];
    expect(points.at(-1)).toMatchObject({
      tradingDay: '2026-11-23',
      source: 'broker',
      equity: '108600.00',
    });
    expect(points.filter((p) => p.tradingDay === '2026-11-23')).toHaveLength(1);
    expect(points.some((p) => p.source === 'snapshot' && p.tradingDay === '2026-11-02')).toBe(
      points.every((p) => p.tradingDay !== '2026-11-02' || p.source === 'snapshot'),
    );
    expect(history.body.runs).toEqual([
      expect.objectContaining({ tradingDay: '2026-11-02', runStatus: 'succeeded' }),
    ]);
    // The sandbox answered Alpaca's own query for the period.
    const week = await request(app.url)
      .get('/api/portfolio/history?period=1W')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(week.body).toMatchObject({ period: '1W', timeframe: '1H', state: 'ok' });
    expect(week.body.points.length).toBeGreaterThan(5);

    const bad = await request(app.url)
      .get('/api/portfolio/history?period=2D')
      .set('Authorization', `Bearer ${token}`)
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/period must be one of 1W, 1M, 3M, 1Y, all/);
  });

  it('run detail: planned versus filled, slippage only where the plan knew a price', async () => {
    const app = await boot({ ALERT_DAILY_SUMMARY: 'false' });
    const token = await viewerToken(app);
    const outcome = await app.app.get(DailyRunService).attempt({ trigger: 'manual' });
    expect(outcome.status).toBe('succeeded');
    const detail = await request(app.url)
      .get(`/api/runs/${outcome.run!.id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const bySymbol = Object.fromEntries(
      (detail.body.plannedVsFilled.orders as { symbol: string }[]).map((o) => [o.symbol, o]),
    );
    // QQQ (held, no target): sold at the price it was planned at; SPY held: priced; TLT not held: no price.
    expect(bySymbol.QQQ).toMatchObject({
      side: 'sell',
      status: 'filled',
      plannedPrice: '520.000000000',
      filledAvgPrice: '520.000000',
      filledNotional: '2600.00',
      slippageBps: '0.00',
      slippageDollars: '0.00',
    });
    expect(bySymbol.SPY).toMatchObject({
      side: 'buy',
      plannedPrice: '600.000000000',
      slippageBps: '0.00',
    });
    expect(bySymbol.TLT).toMatchObject({ side: 'buy', plannedPrice: null, slippageBps: null });
    expect(detail.body.plannedVsFilled.totals).toMatchObject({
      measuredOrders: 2,
      slippageDollars: '0.00',
    });
    // The run's snapshot: one row for the day, with the run.
    expect(
      await query(
        url,
        `SELECT trading_day::text AS day, run_id, run_status, closed FROM portfolio_snapshot`,
      ),
    ).toEqual([
      { day: '2026-11-23', run_id: outcome.run!.id, run_status: 'succeeded', closed: false },
    ]);
  });

  it('the close snapshot: once per day whatever the number of workers or restarts; a later run never changes it', async () => {
    const first = await boot({ ALERT_DAILY_SUMMARY: 'false' });
    const second = await boot({ ALERT_DAILY_SUMMARY: 'false' });
    // During the session: nothing to write (and no account read).
    const reads = sandbox.control.requestCount('GET /v2/account');
    expect(await first.app.get(PortfolioSnapshotService).afterClose()).toBeNull();
    expect(sandbox.control.requestCount('GET /v2/account')).toBe(reads);
    sandbox.control.setClock({ at: AFTER_CLOSE });
    // Two workers, five ticks each at once: each process shares one look; one write wins.
    const perWorker = await Promise.all(
      [first, second].map((app) =>
        Promise.all(
          Array.from({ length: 5 }, () => app.app.get(PortfolioSnapshotService).afterClose()),
        ),
      ),
    );
    expect(perWorker.map((answers) => new Set(answers).size)).toEqual([1, 1]);
    expect(
      perWorker.map((answers) => answers[0]).filter((day) => day === '2026-11-23'),
    ).toHaveLength(1);
    const accountReads = sandbox.control.requestCount('GET /v2/account');
    // A restart looks again: the day is closed, so no broker read and no write.
    await second.shutdown();
    apps.splice(apps.indexOf(second), 1);
    const third = await boot({ ALERT_DAILY_SUMMARY: 'false' });
    expect(await third.app.get(PortfolioSnapshotService).afterClose()).toBeNull();
    expect(sandbox.control.requestCount('GET /v2/account')).toBe(accountReads);
    // A run's snapshot after the close changes nothing of the closed day.
    sandbox.control.setCash('1.00');
    await third.app
      .get(PortfolioSnapshotService)
      .afterRun({ id: null, tradingDay: '2026-11-23', status: null });
    expect(
      await query(
        url,
        `SELECT trading_day::text AS day, equity::text, closed FROM portfolio_snapshot ORDER BY trading_day`,
      ),
    ).toEqual([{ day: '2026-11-23', equity: '108600.00', closed: true }]);
  });

  describe('daily summary', () => {
    let receiver: WebhookReceiver;
    beforeEach(async () => {
      receiver = await new WebhookReceiver().start();
    });
    afterEach(async () => {
      await receiver.stop();
    });

    const bootWithChannels = async (extra: Record<string, string> = {}) => {
      const app = await boot({
        APP_ROLE: 'all',
        ALERT_ENVIRONMENT: 'staging',
        ALERT_LARK_WEBHOOK_URL: `${receiver.url}/lark`,
        ALERT_SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
        ALERT_WEBHOOK_URL: `${receiver.url}/hook`,
        ADMIN_ORIGIN: 'https://admin.example.com',
        ...extra,
      });
      const worker = app.app.get(AlertDeliveryWorker);
      worker.policy = { ...worker.policy, pollMs: 50, baseBackoffMs: 100, maxBackoffMs: 400 };
      return app;
    };
    const summaries = (path: string) =>
      receiver.on(path).filter((r) => JSON.stringify(r.body).includes('Daily summary'));

    it('reaches Lark, Slack and the webhook once per run, each in its own format; never doubled', async () => {
      const app = await bootWithChannels();
      const runs = app.app.get(DailyRunService);
      const outcome = await runs.attempt({ trigger: 'manual' });
      expect(outcome.status).toBe('succeeded');
      await waitFor(async () =>
        ['/lark', '/slack', '/hook'].every((path) => summaries(path).length === 1),
      );
      // The day is done: another trigger starts no run and sends no second summary.
      await runs.attempt({ trigger: 'manual' });
      expect(await app.app.get(AlertDeliveryWorker).deliverDue()).toBe(0);
      for (const path of ['/lark', '/slack', '/hook']) expect(summaries(path)).toHaveLength(1);

      const link = `https://admin.example.com/runs/${outcome.run!.id}`;
      const lark = summaries('/lark')[0].body as {
        msg_type: string;
        content: { post: { en_us: { title: string; content: unknown[][] } } };
      };
      expect(lark.msg_type).toBe('post');
      expect(lark.content.post.en_us.title).toBe(
        '[staging] Daily summary — trading day 2026-11-23',
      );
      expect(JSON.stringify(lark.content.post.en_us.content)).toContain(
        'Orders: 3 filled, 0 rejected, 0 still open',
      );
      expect(lark.content.post.en_us.content.at(-1)).toEqual([
        { tag: 'a', text: 'Open the run in the admin', href: link },
      ]);
      const slack = summaries('/slack')[0].body as { text: string; blocks: { type: string }[] };
      expect(slack.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
      expect(JSON.stringify(slack.blocks)).toContain(`<${link}|Open the run in the admin>`);
      const hook = summaries('/hook')[0].body as { kind: string; details: Record<string, unknown> };
      expect(hook.kind).toBe('daily_summary');
      expect(hook.details).toMatchObject({
        runId: outcome.run!.id,
        mode: 'live',
        filled: 3,
        rejected: 0,
        open: 0,
        soldNotional: '2600.00',
        equity: '108600.00',
        link,
      });
    });

    it('a dry run is summarized as such; ALERT_DAILY_SUMMARY=false sends nothing', async () => {
      const app = await bootWithChannels({ TRADING_ENABLED: 'false' });
      await app.app.get(DailyRunService).attempt({ trigger: 'manual' });
      await waitFor(async () => summaries('/hook').length === 1);
      const hook = summaries('/hook')[0].body as {
        message: string;
        details: Record<string, unknown>;
      };
      expect(hook.details).toMatchObject({ mode: 'dry-run', simulated: 3, filled: 0 });
      expect(hook.message).toContain('DRY RUN (nothing sent)');
      await app.shutdown();
      apps.splice(apps.indexOf(app), 1);

      // A fresh ledger (the dry run was the day's run), summaries off.
      url = await createMigratedDatabase('portfolio');
      const quiet = await bootWithChannels({ ALERT_DAILY_SUMMARY: 'false' });
      const outcome = await quiet.app.get(DailyRunService).attempt({ trigger: 'manual' });
      expect(outcome.status).toBe('succeeded');
      expect(await quiet.app.get(AlertDeliveryWorker).deliverDue()).toBe(0);
      expect(summaries('/hook')).toHaveLength(1);
    });
  });
});
