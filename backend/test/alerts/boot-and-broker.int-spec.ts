import { setTimeout as sleep } from 'node:timers/promises';
import { BrokerOutageMonitor } from '../../src/alerts/broker-outage.monitor';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { AlpacaClient } from '../../src/trading/broker/alpaca.client';
import { bootTestApp, waitFor } from '../support/app';
import { createEmptyDatabase, createMigratedDatabase, query } from '../support/database';
import { MAIN_JS, runNode } from '../support/process';
import { WebhookReceiver } from './webhook-receiver';

const LARK_SECRET = 'boot-lark-secret';

describe('boot_failed', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await new WebhookReceiver(LARK_SECRET).start();
  });
  afterEach(() => receiver.stop());

  it('an invalid configuration alerts every well-configured channel, naming variables, never values, then exits 1', async () => {
    const result = await runNode(MAIN_JS, [], {
      PORT: 'not-a-port',
      JWT_SECRET: 'short-hunter2',
      ALERT_ENVIRONMENT: 'production',
      ALERT_LARK_WEBHOOK_URL: `${receiver.url}/lark`,
      ALERT_LARK_SECRET: LARK_SECRET,
      ALERT_SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
    });
    expect(result.code).toBe(1);
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/lark', '/slack']);
    const [lark] = receiver.on('/lark');
    expect(lark.signatureValid).toBe(true);
    const text = (lark.body.content as { text: string }).text;
    expect(text).toContain('[production] Boot FAILED');
    expect(text).toContain('Invalid configuration: ');
    expect(text).toContain('PORT');
    expect(text).toContain('JWT_SECRET');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('not-a-port');
    expect(result.stderr).toContain('boot_failed alert: sent to');
  });

  it('a database that cannot be reached alerts without the password, then exits 1', async () => {
    const result = await runNode(MAIN_JS, [], {
      PORT: '0',
      DATABASE_URL: 'postgres://openbell:hunter2-db-password@127.0.0.1:1/openbell',
      ALERT_WEBHOOK_URL: `${receiver.url}/hook`,
    });
    expect(result.code).toBe(1);
    expect(receiver.on('/hook')).toHaveLength(1);
    const body = receiver.on('/hook')[0].body;
    expect(body).toMatchObject({ kind: 'boot_failed', severity: 'critical' });
    expect(String(body.message)).toContain('Boot stopped');
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('a failing migration alerts with the migration named, then exits 1', async () => {
    const url = await createEmptyDatabase('bootmig');
    // A table the first migration wants to create already exists: that migration fails.
    await query(url, 'CREATE TABLE job_run (id int)');
    const result = await runNode(MAIN_JS, [], {
      PORT: '0',
      DATABASE_URL: url,
      ALERT_ENVIRONMENT: 'production',
      ALERT_SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
    });
    expect(result.code).toBe(1);
    expect(receiver.on('/slack')).toHaveLength(1);
    const text = String(receiver.on('/slack')[0].body.text);
    expect(text).toContain('[production] Boot FAILED');
    expect(text).toContain('migration InitialSchema1763800000000 failed');
    expect(text).toContain('First: read the deploy logs');
  });

  it('with the channel down, exits 1 within the bound anyway', async () => {
    await receiver.stop();
    const started = Date.now();
    const result = await runNode(MAIN_JS, [], {
      PORT: 'nope',
      ALERT_SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
    });
    expect(result.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('broker_unreachable', () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandboxServer();
  });
  afterEach(() => sandbox.close());

  it('is raised for a sustained outage only, once, not for a blip', async () => {
    const url = await createMigratedDatabase('outage');
    const app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
    });
    try {
      const monitor = app.app.get(BrokerOutageMonitor);
      monitor.sustainedMs = 300;
      monitor.minFailures = 3;
      const alpaca = app.app.get(AlpacaClient);
      const clock = () => alpaca.getClock({ maxRetries: 0 }).catch(() => null);
      const broker = () => query(url, `SELECT kind FROM alert WHERE kind = 'broker_unreachable'`);

      // A blip: two failures, then an answer.
      sandbox.control.inject({ route: 'GET /v2/clock', kind: 'status-503', times: 2 });
      await clock();
      await clock();
      await sleep(400);
      await expect(clock()).resolves.not.toBeNull();
      expect(await broker()).toEqual([]);

      // Sustained: every request fails for longer than the threshold.
      sandbox.control.inject({ route: '*', kind: 'status-503', times: Infinity });
      await waitFor(async () => {
        await clock();
        return (await broker()).length === 1;
      }, 10_000);
      for (let i = 0; i < 5; i += 1) await clock();
      expect(await broker()).toHaveLength(1);
      const [alert] = await query<{ message: string }>(url, `SELECT message FROM alert`);
      expect(alert.message).toContain('Broker UNREACHABLE');
      expect(alert.message).toContain('GET /v2/clock: server-error');
    } finally {
      await app.shutdown();
    }
  });
});
