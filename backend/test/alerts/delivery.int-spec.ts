import request from 'supertest';
import { AlertDeliveryWorker } from '../../src/alerts/alert-delivery.worker';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import { MetricsService } from '../../src/metrics/metrics.service';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { AlertsService } from '../../src/alerts/alerts.service';
import { DailyRunService } from '../../src/trading/daily-run.service';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';
import { WebhookReceiver } from './webhook-receiver';

const OPEN = '2026-11-23T15:00:00Z'; // Monday 10:00 New York, inside the window
const LARK_SECRET = 'lark-signing-secret-for-tests';
const OPERATOR = { email: 'oncall@example.com', password: 'Operator-password-1' };

/** Delivery rows by status, e.g. { sent: 2 }. */
async function outbox(url: string): Promise<Record<string, number>> {
  const rows = await query<{ status: string; n: number }>(
    url,
    `SELECT status, count(*)::int AS n FROM alert_delivery GROUP BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe('alert delivery through the outbox to Lark, Slack and a generic webhook', () => {
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let url: string;
  let app: TestApp | undefined;

  beforeEach(async () => {
    sandbox = await startSandboxServer();
    sandbox.control.setClock({ at: OPEN });
    receiver = await new WebhookReceiver(LARK_SECRET).start();
    url = await createMigratedDatabase('alert');
    // Paused scheduler: the boot catch-up only records a skip; each test triggers its own run.
    await query(url, `UPDATE toggle SET enabled = false WHERE key = 'scheduler_enabled'`);
  });
  afterEach(async () => {
    await app?.shutdown();
    app = undefined;
    await receiver.stop();
    await sandbox.close();
  });

  const boot = async (extra: Record<string, string> = {}) => {
    app = await bootTestApp(url, {
      APP_ROLE: 'all',
      ALPACA_BASE_URL: sandbox.url,
      TRADING_ENABLED: 'true',
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
      RECONCILE_POLL_MS: '50',
      JWT_SECRET: 'a-test-jwt-secret-that-is-long-enough-1234',
      ALERT_ENVIRONMENT: 'staging',
      ALERT_LARK_WEBHOOK_URL: `${receiver.url}/lark`,
      ALERT_LARK_SECRET: LARK_SECRET,
      ALERT_SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
      ...extra,
    });
    const worker = app.app.get(AlertDeliveryWorker);
    worker.policy = { ...worker.policy, pollMs: 50, baseBackoffMs: 100, maxBackoffMs: 400 };
    return app;
  };

  it('a failed run sends exactly one signed Lark message and one Slack message, shown as sent', async () => {
    const running = await boot();
    sandbox.control.inject({ route: 'GET /v2/account', kind: 'status-503', times: 20 });
    const outcome = await running.app.get(DailyRunService).attempt({ trigger: 'manual' });
    expect(outcome.status).toBe('failed');

    await waitFor(async () => (await outbox(url)).sent === 2);
    // Settled: nothing pending, and a few more polls of the worker send nothing more.
    const polled = await running.app.get(AlertDeliveryWorker).deliverDue();
    expect(polled).toBe(0);
    expect(await outbox(url)).toEqual({ sent: 2 });
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/lark', '/slack']);

    const [lark] = receiver.on('/lark');
    expect(lark.signatureValid).toBe(true);
    expect(lark.body).toMatchObject({
      msg_type: 'text',
      timestamp: expect.stringMatching(/^\d+$/),
    });
    const larkText = (lark.body.content as { text: string }).text;
    expect(larkText).toContain('[staging] Daily run FAILED — trading day 2026-11-23');
    expect(larkText).toContain('First: open the run in the admin');
    expect(larkText).toContain('docs/operations.md#run_failed');
    const [slack] = receiver.on('/slack');
    expect(slack.body.text).toBe(larkText);

    // GET /api/alerts shows the delivery status per channel.
    await running.app.get(AdminUsersService).create(OPERATOR.email, 'operator', OPERATOR.password);
    const token = (await request(running.url).post('/api/auth/login').send(OPERATOR).expect(200))
      .body.accessToken as string;
    const page = await request(running.url)
      .get('/api/alerts')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({
        kind: 'run_failed',
        severity: 'critical',
        tradingDay: '2026-11-23',
        deliveries: [
          expect.objectContaining({
            channel: 'lark',
            status: 'sent',
            attempts: 1,
            lastError: null,
          }),
          expect.objectContaining({ channel: 'slack', status: 'sent', attempts: 1 }),
        ],
      }),
    ]);
    // Webhook URLs are secrets: never in a log line.
    const logs = running.logs.lines.join('\n');
    expect(logs).not.toContain(`${receiver.url}/lark`);
    expect(logs).not.toContain(LARK_SECRET);
  });

  it('a channel that is down gets everything once it is back: none lost, none doubled', async () => {
    const running = await boot({ ALERT_WEBHOOK_URL: `${receiver.url}/hook` });
    const alerts = running.app.get(AlertsService);
    await receiver.stop(); // connection refused
    const raise = (n: number) =>
      alerts.raise({
        kind: 'orders_rejected',
        dedupKey: `test:${n}`,
        severity: 'warning',
        tradingDay: '2026-11-23',
        summary: `event ${n}`,
        details: {},
      });
    for (const n of [1, 2, 3]) await raise(n);
    await raise(2); // the same event again: de-duplicated, not a fourth alert
    expect(await query(url, `SELECT count(*)::int AS n FROM alert`)).toEqual([{ n: 3 }]);

    // Every delivery retried at least twice while the port was closed, none given up.
    await waitFor(async () => {
      const rows = await query<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM alert_delivery WHERE status = 'pending' AND attempts >= 2 AND last_error IS NOT NULL`,
      );
      return rows[0].n === 9;
    });
    // Then up but failing (503) for a while…
    receiver.failWith = 503;
    await receiver.start();
    await waitFor(
      async () => receiver.received.length === 0 && (await countErrors(url, '503')) >= 3,
    );
    // …and finally healthy.
    receiver.failWith = null;
    await waitFor(async () => (await outbox(url)).sent === 9, 20_000);
    expect(await running.app.get(AlertDeliveryWorker).deliverDue()).toBe(0);

    for (const path of ['/lark', '/slack', '/hook']) {
      const texts = receiver
        .on(path)
        .map((r) =>
          path === '/lark'
            ? (r.body.content as { text: string }).text
            : ((r.body as { message?: string; text?: string }).message ?? r.body.text),
        );
      expect(texts.map((t) => /event (\d)/.exec(String(t))?.[1]).sort()).toEqual(['1', '2', '3']);
    }
    expect(receiver.on('/lark').every((r) => r.signatureValid)).toBe(true);
    const keys = receiver.on('/hook').map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(3);
    expect(receiver.on('/hook')[0].body).toMatchObject({
      kind: 'orders_rejected',
      environment: 'staging',
      tradingDay: '2026-11-23',
    });
    // The failures were recorded without the URL.
    expect(running.logs.lines.join('\n')).not.toContain(`${receiver.url}/hook`);
  });

  it('gives a delivery up after the bound and keeps it visible as failed', async () => {
    const running = await boot();
    const worker = running.app.get(AlertDeliveryWorker);
    worker.policy = { ...worker.policy, maxAttempts: 2 };
    receiver.failWith = 500;
    await running.app.get(AlertsService).raise({
      kind: 'cancel_all',
      dedupKey: 'test:give-up',
      severity: 'warning',
      tradingDay: null,
      summary: 'cancelled',
      details: {},
    });
    await waitFor(async () => (await outbox(url)).failed === 2);
    expect(
      await query(
        url,
        `SELECT channel, status, attempts, last_error FROM alert_delivery ORDER BY channel`,
      ),
    ).toEqual([
      { channel: 'lark', status: 'failed', attempts: 2, last_error: 'HTTP 500: unavailable' },
      { channel: 'slack', status: 'failed', attempts: 2, last_error: 'HTTP 500: unavailable' },
    ]);
  });

  it('two replicas polling one outbox send each delivery exactly once', async () => {
    const first = await boot({ APP_ROLE: 'worker' });
    const second = await bootTestApp(url, {
      APP_ROLE: 'worker',
      ALPACA_BASE_URL: sandbox.url,
      ALERT_ENVIRONMENT: 'staging',
      ALERT_LARK_WEBHOOK_URL: `${receiver.url}/lark`,
      ALERT_LARK_SECRET: LARK_SECRET,
      ALERT_SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
    });
    try {
      for (const worker of [first, second].map((a) => a.app.get(AlertDeliveryWorker)))
        worker.policy = { ...worker.policy, pollMs: 5, batchSize: 3 };
      receiver.delayMs = 30; // sends overlap the other replica's polls
      const alerts = first.app.get(AlertsService);
      for (let n = 0; n < 20; n += 1)
        await alerts.raise({
          kind: 'orders_rejected',
          dedupKey: `replicas:${n}`,
          severity: 'warning',
          tradingDay: '2026-11-23',
          summary: `replica event ${n}`,
          details: {},
        });
      await waitFor(async () => (await outbox(url)).sent === 40, 30_000);
      for (const path of ['/lark', '/slack']) {
        const events = receiver.on(path).map((r) => {
          const text = path === '/lark' ? (r.body.content as { text: string }).text : r.body.text;
          return /replica event (\d+)/.exec(String(text))?.[1];
        });
        expect(events).toHaveLength(20);
        expect(new Set(events).size).toBe(20);
      }
      const attempts = await query<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM alert_delivery WHERE attempts <> 1`,
      );
      expect(attempts).toEqual([{ n: 0 }]);
      // Both replicas took part (each app has its own metrics registry).
      const sentBy = async (replica: TestApp) => {
        const metric = replica.app
          .get(MetricsService)
          .registry.getSingleMetric('openbell_alert_deliveries_total');
        const { values } = await metric!.get();
        return values.filter((v) => v.labels.result === 'sent').reduce((n, v) => n + v.value, 0);
      };
      const [a, b] = [await sentBy(first), await sentBy(second)];
      expect(a + b).toBe(40);
      expect(Math.min(a, b)).toBeGreaterThan(0);
    } finally {
      await second.shutdown();
    }
  });
});

async function countErrors(url: string, text: string): Promise<number> {
  const rows = await query<{ n: number }>(
    url,
    `SELECT count(*)::int AS n FROM alert_delivery WHERE last_error LIKE $1`,
    [`%${text}%`],
  );
  return rows[0].n;
}
