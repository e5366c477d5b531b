import { HeartbeatClient } from '../../src/heartbeat/heartbeat.client';
import { HeartbeatPinger } from '../../src/heartbeat/heartbeat.pinger';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { DailyRunCron } from '../../src/scheduling/daily-run.cron';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';
import { HeartbeatReceiver } from './heartbeat-receiver';

const OPEN = '2026-11-23T15:00:00Z'; // Monday 10:00 New York, inside the window
const TOKEN = 'f2c0e1b4-hb-token-7d31';

describe("dead man's switch (HEARTBEAT_URL)", () => {
  let sandbox: RunningSandbox;
  let receiver: HeartbeatReceiver;
  let url: string;
  let app: TestApp | undefined;

  beforeEach(async () => {
    sandbox = await startSandboxServer();
    sandbox.control.setClock({ at: OPEN });
    receiver = await new HeartbeatReceiver().start();
    url = await createMigratedDatabase('heartbeat');
    // Paused scheduler: the boot catch-up only records a skip; each test triggers its own attempt.
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
      APP_ROLE: 'worker',
      ALPACA_BASE_URL: sandbox.url,
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
      RECONCILE_POLL_MS: '50',
      HEARTBEAT_URL: `${receiver.url}/ping/${TOKEN}`,
      ...extra,
    });
    return app;
  };
  const attemptPings = () => receiver.pings.filter((p) => p.method === 'POST');
  /** A cron tick; the boot catch-up may still hold the one-attempt-per-process slot, so retry. */
  const tickOnce = async (running: TestApp) => {
    const before = attemptPings().length;
    await waitFor(async () => {
      await running.app.get(DailyRunCron).tick();
      return attemptPings().length > before;
    });
    return attemptPings()[attemptPings().length - 1];
  };

  it('pings the check URL at boot and on each interval beat while the worker is healthy', async () => {
    const running = await boot();
    await waitFor(async () => receiver.pings.length >= 1);
    expect(receiver.pings[0]).toEqual({ method: 'GET', path: `/ping/${TOKEN}`, body: '' });
    // The next beat, once the boot beat has finished (one beat at a time per process).
    await waitFor(() => running.app.get(HeartbeatPinger).beat());
    expect(receiver.pings.filter((p) => p.method === 'GET')).toHaveLength(2);
  });

  it('withholds the liveness ping once shutdown has begun (silence is the signal)', async () => {
    const running = await boot();
    const pinger = running.app.get(HeartbeatPinger);
    await waitFor(() => pinger.beat()); // healthy: pings (after the boot beat has finished)
    const before = receiver.pings.length;
    running.lifecycle.beginShutdown();
    await expect(pinger.beat()).resolves.toBe(false);
    expect(receiver.pings).toHaveLength(before);
  });

  it('after a daily attempt that does not fail: the base URL, with the outcome', async () => {
    const running = await boot();
    const ping = await tickOnce(running);
    expect(ping.path).toBe(`/ping/${TOKEN}`);
    expect(ping.body).toMatch(/^daily attempt: skipped/);
  });

  it('after a failed daily attempt: <url>/fail, with the outcome', async () => {
    const running = await boot();
    await waitFor(async () => receiver.pings.length >= 1);
    await query(url, `UPDATE toggle SET enabled = true WHERE key = 'scheduler_enabled'`);
    sandbox.control.inject({ route: 'GET /v2/account', kind: 'status-503', times: 50 });
    const ping = await tickOnce(running);
    expect(ping.path).toBe(`/ping/${TOKEN}/fail`);
    expect(ping.body).toMatch(/^daily attempt: failed/);
  });

  it('a failing check service never fails the attempt', async () => {
    receiver.failWith = 503;
    const running = await boot();
    const ping = await tickOnce(running);
    expect(ping.body).toMatch(/^daily attempt: skipped/);
    await expect(running.app.get(HeartbeatClient).ping('ok')).resolves.toBe(false);
  });
});
