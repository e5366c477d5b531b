/**
 * POST /api/orders/cancel-all in the middle of the day: the broker cancels what is open, and the
 * orders list shows the cancellations at once (one reconciliation round), audited once.
 */
import request from 'supertest';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { DailyRunService } from '../../src/trading/daily-run.service';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';

const OPERATOR = { email: 'op@example.com', password: 'Operator-password-1' };

describe('cancel-all', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    // Orders stay accepted (unfilled) for an hour, so the run ends with them open.
    sandbox = await startSandboxServer({ fillDelayMs: 3_600_000 });
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    url = await createMigratedDatabase('cancel');
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
      TRADING_ENABLED: 'true',
      RECONCILE_DEADLINE_SECONDS: '1',
      RECONCILE_POLL_MS: '50',
    });
    await app.app.get(AdminUsersService).create(OPERATOR.email, 'operator', OPERATOR.password);
  });
  afterAll(async () => {
    await app.shutdown();
    await sandbox.close();
  });

  it('cancels the open orders at the broker and records them canceled right away', async () => {
    await app.app.get(DailyRunService).attempt({ trigger: 'manual' });
    const open = await query(url, `SELECT status FROM order_intent WHERE NOT simulated`);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((o) => o.status === 'submitted')).toBe(true);

    const token = (await request(app.url).post('/api/auth/login').send(OPERATOR).expect(200)).body
      .accessToken as string;
    const res = await request(app.url)
      .post('/api/orders/cancel-all')
      .set('authorization', `Bearer ${token}`)
      .send({ reason: 'emergency drill' })
      .expect(200);
    expect(res.body.canceled).toBe(open.length);

    expect(
      await query(
        url,
        `SELECT DISTINCT status, broker_status FROM order_intent WHERE NOT simulated`,
      ),
    ).toEqual([{ status: 'canceled', broker_status: 'canceled' }]);
    expect(
      await query(url, `SELECT action, reason FROM audit_event WHERE action = 'orders.cancel_all'`),
    ).toEqual([{ action: 'orders.cancel_all', reason: 'emergency drill' }]);
  });
});
