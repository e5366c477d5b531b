import { parsePrometheusTextFormat } from './prometheus-text';
import request from 'supertest';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { DailyRunService } from '../../src/trading/daily-run.service';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase } from '../support/database';

const OPEN = '2026-11-23T15:00:00Z';
const TOKEN = 'metrics-token-for-tests-0123456789';

/** The value of one sample, or 0 when the series does not exist (yet). */
function sample(
  families: ReturnType<typeof parsePrometheusTextFormat>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const family =
    families.find((f) => f.name === name.replace(/_(sum|count|bucket)$/, '')) ??
    families.find((f) => f.name === name);
  if (!family) return 0;
  const match = family.samples.find(
    (s) =>
      s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  );
  return match?.value ?? 0;
}

describe('GET /metrics', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    sandbox.control.setClock({ at: OPEN });
    const url = await createMigratedDatabase('metrics');
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      TRADING_ENABLED: 'true',
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
      RECONCILE_POLL_MS: '50',
      METRICS_TOKEN: TOKEN,
    });
  });
  afterAll(async () => {
    await app.shutdown();
    await sandbox.close();
  });

  const scrape = async () => {
    const response = await request(app.url)
      .get('/metrics')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    return parsePrometheusTextFormat(response.text);
  };

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    await request(app.url).get('/metrics').expect(401);
    await request(app.url).get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
    await request(app.url).get('/metrics').set('Authorization', TOKEN).expect(401);
  });

  it('parses as Prometheus text, with default process metrics', async () => {
    const families = await scrape();
    const names = families.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'openbell_process_cpu_user_seconds_total',
        'openbell_process_resident_memory_bytes',
        'openbell_nodejs_eventloop_lag_seconds',
        'openbell_run_attempts_total',
        'openbell_broker_request_duration_seconds',
        'openbell_alert_deliveries_total',
        'openbell_last_successful_run_timestamp_seconds',
      ]),
    );
    expect(families.find((f) => f.name === 'openbell_run_attempts_total')?.type).toBe('counter');
  });

  it('its counters move with a run', async () => {
    const before = await scrape();
    const runs = app.app.get(DailyRunService);
    await expect(runs.attempt({ trigger: 'manual' })).resolves.toMatchObject({
      status: 'succeeded',
    });
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);

    expect(
      delta('openbell_run_attempts_total', {
        job: 'daily-rebalance',
        trigger: 'manual',
        outcome: 'succeeded',
      }),
    ).toBe(1);
    expect(delta('openbell_run_duration_seconds_count', { outcome: 'succeeded' })).toBe(1);
    expect(delta('openbell_orders_total', { status: 'filled' })).toBe(2);
    expect(
      delta('openbell_broker_request_duration_seconds_count', {
        method: 'POST',
        route: '/v2/orders',
        status: '2xx',
      }),
    ).toBe(2);
    const lastSuccess = sample(after, 'openbell_last_successful_run_timestamp_seconds', {
      job: 'daily-rebalance',
    });
    expect(Math.abs(lastSuccess - Date.now() / 1000)).toBeLessThan(60);

    // A second trigger the same day is a skip, counted as such.
    await runs.attempt({ trigger: 'cron' });
    const skipped = await scrape();
    expect(
      sample(skipped, 'openbell_run_attempts_total', { trigger: 'cron', outcome: 'skipped' }),
    ).toBe(1);
  });

  it('counts broker errors by endpoint and the time spent waiting for the rate limit', async () => {
    const before = await scrape();
    sandbox.control.inject({ route: 'GET /v2/account', kind: 'status-503', times: 1 });
    sandbox.control.inject({ route: 'GET /v2/positions', kind: 'rate-limit', times: 1 });
    await app.app.get(DailyRunService).preview();
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(
      delta('openbell_broker_request_errors_total', {
        route: '/v2/account',
        error: 'server-error',
      }),
    ).toBe(1);
    expect(
      delta('openbell_broker_request_errors_total', {
        route: '/v2/positions',
        error: 'rate-limited',
      }),
    ).toBe(1);
    expect(
      delta('openbell_broker_rate_limit_waits_total', { route: '/v2/positions' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      delta('openbell_broker_rate_limit_wait_seconds_total', { route: '/v2/positions' }),
    ).toBeGreaterThan(0.1);
  });
});
