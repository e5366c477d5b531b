import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { runNode } from '../support/process';
import { WebhookReceiver } from './webhook-receiver';

const CRASHER = resolve(__dirname, 'fixtures/crash-after-boot.mjs');
const JWT_SECRET = 'crash-test-jwt-secret-hunter2-0123456789';

describe('process_crashed', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });
  afterEach(() => receiver.stop());

  it('an uncaught exception after boot reaches the webhook before the process exits 1', async () => {
    const result = await runNode(CRASHER, ['throw'], {
      JWT_SECRET,
      ALERT_ENVIRONMENT: 'production',
      ALERT_WEBHOOK_URL: `${receiver.url}/hook`,
      ALERT_SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
    });
    expect(result.stdout).toBe('ready\n');
    expect(result.code).toBe(1);
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/hook', '/slack']);
    const body = receiver.on('/hook')[0].body;
    expect(body).toMatchObject({ kind: 'process_crashed', severity: 'critical' });
    const text = String(body.message);
    expect(text).toContain('[production] Process CRASHED');
    expect(text).toContain('uncaughtException: TypeError: cannot read properties of undefined');
    expect(text).toContain('Runbook: docs/operations.md#process_crashed');
    expect(JSON.stringify(receiver.received)).not.toContain('hunter2');
    expect(result.stderr).toContain('process crashed (uncaughtException)');
    expect(result.stderr).toContain('process_crashed alert: sent to');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('an unhandled rejection does the same', async () => {
    const result = await runNode(CRASHER, ['reject'], {
      JWT_SECRET,
      ALERT_WEBHOOK_URL: `${receiver.url}/hook`,
    });
    expect(result.code).toBe(1);
    expect(receiver.on('/hook')).toHaveLength(1);
    const text = String(receiver.on('/hook')[0].body.message);
    expect(text).toContain('unhandledRejection: Error: lost the database (password [redacted])');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('with the channel hanging, exits 1 within the bound anyway', async () => {
    // Accepts connections and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', () => done()));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      const result = await runNode(CRASHER, ['throw'], {
        ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        CRASH_DEADLINE_MS: '1000',
      });
      expect(result.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.stderr).toContain('process_crashed alert: sent to no channel');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });

  it('with no channel configured, still exits 1 with the crash logged', async () => {
    const result = await runNode(CRASHER, ['throw'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('process crashed (uncaughtException)');
  });
});
