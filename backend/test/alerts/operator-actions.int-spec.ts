import request from 'supertest';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';

const OPERATOR = { email: 'ops@example.com', password: 'Operator-password-1' };

describe('alerts of operator actions, in the transaction of their audit event', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let url: string;
  let token: string;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    url = await createMigratedDatabase('opalert');
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
      JWT_SECRET: 'a-test-jwt-secret-that-is-long-enough-1234',
      ALERT_ENVIRONMENT: 'staging',
      ALERT_SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/slack',
    });
    await app.app.get(AdminUsersService).create(OPERATOR.email, 'operator', OPERATOR.password);
    token = (await request(app.url).post('/api/auth/login').send(OPERATOR).expect(200)).body
      .accessToken as string;
  });
  afterAll(async () => {
    await app.shutdown();
    await sandbox.close();
  });

  const patch = (body: Record<string, unknown>) =>
    request(app.url).patch('/api/toggles').set('Authorization', `Bearer ${token}`).send(body);
  const alerts = () =>
    query<{ kind: string; severity: string; message: string; channels: string[] }>(
      url,
      `SELECT a.kind, a.severity, a.message, array_agg(d.channel ORDER BY d.channel) AS channels
         FROM alert a JOIN alert_delivery d ON d.alert_id = a.id
        GROUP BY a.id ORDER BY a.created_at, a.kind`,
    );

  it('a toggle change alerts once per changed toggle; no change, no alert', async () => {
    await query(url, `UPDATE toggle SET enabled = true`);
    await patch({ tradingEnabled: false, schedulerEnabled: false, reason: 'incident 42' }).expect(
      200,
    );
    await patch({ tradingEnabled: true, reason: 'incident over' }).expect(200);
    await patch({ tradingEnabled: true, reason: 'again, no change' }).expect(200);
    const rows = await alerts();
    expect(rows.map((r) => [r.kind, r.severity, r.channels])).toEqual([
      // One transaction's alerts share its timestamp: by kind within it.
      ['scheduler_toggled', 'warning', ['slack']],
      ['trading_toggled', 'critical', ['slack']],
      ['trading_toggled', 'warning', ['slack']],
    ]);
    expect(rows[1].message).toContain('[staging] Kill switch changed');
    expect(rows[1].message).toContain('ops@example.com turned trading (kill switch) OFF');
    expect(rows[1].message).toContain('Reason: incident 42');
    expect(rows[2].message).toContain('turned trading (kill switch) ON');
  });

  it('when the alert cannot be written, the toggle change and its audit event roll back with it', async () => {
    const before = await query(url, `SELECT key, enabled FROM toggle ORDER BY key`);
    const audits = await query(url, `SELECT count(*)::int AS n FROM audit_event`);
    await query(
      url,
      `ALTER TABLE alert ADD CONSTRAINT test_refuse_toggles CHECK (kind <> 'scheduler_toggled') NOT VALID`,
    );
    try {
      await patch({ schedulerEnabled: true, reason: 'should not stick' }).expect(500);
    } finally {
      await query(url, `ALTER TABLE alert DROP CONSTRAINT test_refuse_toggles`);
    }
    expect(await query(url, `SELECT key, enabled FROM toggle ORDER BY key`)).toEqual(before);
    expect(await query(url, `SELECT count(*)::int AS n FROM audit_event`)).toEqual(audits);
  });

  it('cancel-all is audited and alerted together', async () => {
    await request(app.url)
      .post('/api/orders/cancel-all')
      .set('Authorization', `Bearer ${token}`)
      .send({ reason: 'runaway orders' })
      .expect(200);
    const [cancel] = (await alerts()).filter((a) => a.kind === 'cancel_all');
    expect(cancel.message).toContain('Emergency CANCEL-ALL requested');
    expect(cancel.message).toContain('Reason: runaway orders');
    expect(
      await query(url, `SELECT action FROM audit_event WHERE action = 'orders.cancel_all'`),
    ).toHaveLength(1);
  });
});
