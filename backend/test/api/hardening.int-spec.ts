/**
 * Issue 12, "Security and input hardening": one regression test per reproduced finding. Each of
 * these failed on the code before the fix (see docs/security.md for the rules they hold).
 */
import request from 'supertest';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { adminUrl, createMigratedDatabase, query } from '../support/database';
import { databaseSnapshot } from './support/snapshot';

const OPERATOR = { email: 'op@example.com', password: 'Operator-password-1' };
const VIEWER = { email: 'viewer@example.com', password: 'Viewer-password-12' };

let ipCounter = 0;
/** A fresh public client address per call (the app trusts one proxy hop: the test's loopback). */
const freshIp = () => `203.0.113.${(ipCounter++ % 250) + 1}`;

describe('security hardening (issue 12)', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let url: string;
  let operator: string;
  let viewer: string;

  const login = async (who: { email: string; password: string }) =>
    (
      await request(app.url)
        .post('/api/auth/login')
        .set('x-forwarded-for', freshIp())
        .send(who)
        .expect(200)
    ).body.accessToken as string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const brokerCalls = () => sandbox.control.requests.length;

  beforeAll(async () => {
    sandbox = await startSandboxServer({ fillDelayMs: 3_600_000 });
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    url = await createMigratedDatabase('harden');
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
      TRADING_ENABLED: 'true',
      RECONCILE_DEADLINE_SECONDS: '1',
      RECONCILE_POLL_MS: '50',
    });
    const accounts = app.app.get(AdminUsersService);
    await accounts.create(OPERATOR.email, 'operator', OPERATOR.password);
    await accounts.create(VIEWER.email, 'viewer', VIEWER.password);
    operator = await login(OPERATOR);
    viewer = await login(VIEWER);
  });
  afterAll(async () => {
    await app?.shutdown();
    await sandbox?.close();
  });

  describe('1. cancel-all is audited before the broker is called', () => {
    it('a reason PostgreSQL cannot store is a 400 and the broker is never called', async () => {
      const calls = brokerCalls();
      const before = await databaseSnapshot(url);
      const res = await request(app.url)
        .post('/api/orders/cancel-all')
        .set(as(operator))
        .send({ reason: 'drill\u0000' })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toMatch(/reason/);
      expect(brokerCalls()).toBe(calls);
      expect(await databaseSnapshot(url)).toEqual(before);
    });

    it('when the audit event cannot be written, nothing happens: no broker call, no run', async () => {
      await query(
        url,
        `CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'audit store unavailable (test)'; END $$;
         CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_event
           FOR EACH ROW EXECUTE FUNCTION refuse_audit()`,
      );
      try {
        const calls = brokerCalls();
        const before = await databaseSnapshot(url);
        await request(app.url)
          .post('/api/orders/cancel-all')
          .set(as(operator))
          .send({ reason: 'audit down drill' })
          .expect(500);
        await request(app.url)
          .post('/api/runs')
          .set(as(operator))
          .send({ reason: 'audit down drill', dryRun: true })
          .expect(500);
        expect(brokerCalls()).toBe(calls);
        expect(await databaseSnapshot(url)).toEqual(before);
      } finally {
        await query(url, `DROP TRIGGER refuse_audit ON audit_event; DROP FUNCTION refuse_audit()`);
      }
    });

    it('when the broker fails, the request, its alert and the failed outcome are all recorded', async () => {
      sandbox.control.inject({ route: 'DELETE /v2/orders', kind: 'status-500', times: Infinity });
      try {
        const res = await request(app.url)
          .post('/api/orders/cancel-all')
          .set(as(operator))
          .send({ reason: 'broker down drill' })
          .expect(502);
        expect(res.body.message).toMatch(/did not confirm the cancellation/);
      } finally {
        sandbox.control.clearFaults();
      }
      const events = await query(
        url,
        `SELECT action, after FROM audit_event WHERE reason = 'broker down drill' ORDER BY id`,
      );
      expect(events.map((e) => e.action)).toEqual([
        'orders.cancel_all',
        'orders.cancel_all.outcome',
      ]);
      expect(events[1].after).toMatchObject({ ok: false });
      expect(
        await query(url, `SELECT kind FROM alert WHERE message LIKE '%broker down drill%'`),
      ).toEqual([{ kind: 'cancel_all' }]);
    });
  });

  describe('2. previews are coalesced, cached and throttled per user', () => {
    it('concurrent previews share one computation (one set of broker reads)', async () => {
      const calls = brokerCalls();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          request(app.url).post('/api/runs/preview').set(as(viewer)).send({}),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
      expect(brokerCalls() - calls).toBeLessThanOrEqual(4);
    });

    it('a user previewing in a loop is throttled with 429 and Retry-After', async () => {
      const token = await login(VIEWER);
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 15; i++) {
        const res = await request(app.url).post('/api/runs/preview').set(as(token)).send({});
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers['retry-after'];
      }
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    });
  });

  describe('3. request ids are the server’s', () => {
    it('a client-chosen x-request-id is only a correlation id, and cannot silence an alert', async () => {
      for (const reason of ['first drill', 'second drill']) {
        const res = await request(app.url)
          .post('/api/orders/cancel-all')
          .set(as(operator))
          .set('x-request-id', 'reused-id-1')
          .send({ reason })
          .expect(200);
        expect(res.headers['x-request-id']).not.toBe('reused-id-1');
      }
      const events = await query(
        url,
        `SELECT request_id, correlation_id FROM audit_event
          WHERE action = 'orders.cancel_all' AND reason IN ('first drill', 'second drill')`,
      );
      expect(events).toHaveLength(2);
      for (const event of events) {
        expect(event.request_id).not.toBe('reused-id-1');
        expect(event.correlation_id).toBe('reused-id-1');
      }
      expect(
        await query(
          url,
          `SELECT count(*)::int AS n FROM alert WHERE kind = 'cancel_all'
             AND (message LIKE '%first drill%' OR message LIKE '%second drill%')`,
        ),
      ).toEqual([{ n: 2 }]);
    });
  });

  describe('4. inputs that used to answer 500', () => {
    const cursor = (at: string, id: string) =>
      Buffer.from(JSON.stringify([at, id])).toString('base64url');
    const cases: { name: string; send: () => request.Test; field: RegExp }[] = [
      {
        name: 'PATCH /api/toggles tradingEnabled: null',
        send: () =>
          request(app.url)
            .patch('/api/toggles')
            .set(as(operator))
            .send({ reason: 'x', tradingEnabled: null }),
        field: /tradingEnabled/,
      },
      {
        name: 'PUT /api/strategy/targets weight 1e-7',
        send: () =>
          request(app.url)
            .put('/api/strategy/targets')
            .set(as(operator))
            .send({ reason: 'x', targets: [{ symbol: 'SPY', weight: 1e-7 }] }),
        field: /weight/,
      },
      {
        name: 'a reason with NUL',
        send: () =>
          request(app.url)
            .patch('/api/toggles')
            .set(as(operator))
            .send({ reason: 'a\u0000b', tradingEnabled: true }),
        field: /reason/,
      },
      {
        name: 'an audit filter with NUL',
        send: () =>
          request(app.url).get('/api/audit').query({ actor: 'a\u0000@b.c' }).set(as(viewer)),
        field: /actor/,
      },
      ...[
        '2026-13-01 00:00:00+00',
        '2026-02-30 00:00:00+00',
        '0000-01-01 00:00:00+00',
        '2026-01-01 00:00:00+99',
      ].map((at) => ({
        name: `a cursor at ${at}`,
        send: () =>
          request(app.url)
            .get('/api/runs')
            .query({ cursor: cursor(at, '00000000-0000-4000-8000-000000000000') })
            .set(as(viewer)),
        field: /cursor/,
      })),
      {
        name: 'an audit cursor id beyond bigint',
        send: () =>
          request(app.url)
            .get('/api/audit')
            .query({
              cursor: cursor('2026-01-01 00:00:00+00', '99999999999999999999'.slice(0, 19)),
            })
            .set(as(viewer)),
        field: /cursor/,
      },
      {
        name: 'GET /api/orders?from=2026-W05-1',
        send: () =>
          request(app.url).get('/api/orders').query({ from: '2026-W05-1' }).set(as(viewer)),
        field: /from/,
      },
      {
        // Found by schema-fuzz.int-spec.ts (seed 4).
        name: 'a login email that is a lone surrogate',
        send: () =>
          request(app.url)
            .post('/api/auth/login')
            .set('x-forwarded-for', freshIp())
            .send({ email: '\ud800', password: 'x' }),
        field: /email/,
      },
      {
        name: 'a login body nested 5,000 levels deep',
        send: () =>
          request(app.url)
            .post('/api/auth/login')
            .set('x-forwarded-for', freshIp())
            .set('content-type', 'application/json')
            .send(`{"email":${'['.repeat(5000)}${']'.repeat(5000)},"password":"x"}`),
        field: /email/,
      },
    ];

    it.each(cases.map((c) => [c.name, c] as const))('%s → 400 naming the field', async (_n, c) => {
      const calls = brokerCalls();
      const before = await databaseSnapshot(url);
      const res = await c.send();
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: 400,
        body: { statusCode: 400, error: 'Bad Request' },
      });
      expect(JSON.stringify(res.body.message)).toMatch(c.field);
      expect(await databaseSnapshot(url)).toEqual(before);
      expect(brokerCalls()).toBe(calls);
    });
  });

  describe('5. changing a password revokes earlier sessions', () => {
    it('POST /api/me/password: old tokens stop working, the new password works, audited', async () => {
      const who = { email: 'changer@example.com', password: 'Changer-password-1' };
      await app.app.get(AdminUsersService).create(who.email, 'viewer', who.password);
      const old = await login(who);
      await request(app.url).get('/api/me').set(as(old)).expect(200);
      const res = await request(app.url)
        .post('/api/me/password')
        .set(as(old))
        .send({ currentPassword: who.password, newPassword: 'Brand-new-secret-9' })
        .expect(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
      await request(app.url).get('/api/me').set(as(old)).expect(401);
      await request(app.url).get('/api/me').set(as(res.body.accessToken)).expect(200);
      await login({ email: who.email, password: 'Brand-new-secret-9' });
      expect(
        await query(url, `SELECT actor, action FROM audit_event WHERE target = $1`, [who.email]),
      ).toEqual([{ actor: who.email, action: 'account.password' }]);
    });

    it('refuses a wrong current password and a weak new one (400 naming each)', async () => {
      const token = await login(OPERATOR);
      const wrong = await request(app.url)
        .post('/api/me/password')
        .set(as(token))
        .send({ currentPassword: 'not-the-password', newPassword: 'Brand-new-secret-9' })
        .expect(400);
      expect(JSON.stringify(wrong.body.message)).toMatch(/currentPassword/);
      const weak = await request(app.url)
        .post('/api/me/password')
        .set(as(token))
        .send({ currentPassword: OPERATOR.password, newPassword: 'password' })
        .expect(400);
      expect(JSON.stringify(weak.body.message)).toMatch(/newPassword/);
      await request(app.url).get('/api/me').set(as(token)).expect(200);
    });
  });

  describe('6. login throttling cannot lock an operator out', () => {
    it('many failures for an email do not refuse its owner’s correct password from a fresh client', async () => {
      const owner = { email: 'owner@example.com', password: 'Owner-password-123' };
      await app.app.get(AdminUsersService).create(owner.email, 'operator', owner.password);
      for (let i = 0; i < 12; i++) {
        const attacker = freshIp();
        for (let j = 0; j < 3; j++)
          await request(app.url)
            .post('/api/auth/login')
            .set('x-forwarded-for', attacker)
            .send({ email: owner.email, password: `wrong-${i}-${j}` });
      }
      await request(app.url)
        .post('/api/auth/login')
        .set('x-forwarded-for', freshIp())
        .send(owner)
        .expect(200);
      expect(await query(url, `SELECT kind FROM alert WHERE kind = 'login_attack'`)).toEqual([
        { kind: 'login_attack' },
      ]);
    });
  });

  describe('7. internals are not exposed', () => {
    it('/health/* sends helmet headers and no X-Powered-By', async () => {
      const res = await request(app.url).get('/health/live').expect(200);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('/health/ready says what is down, not the driver’s text', async () => {
      const name = new URL(url).pathname.slice(1);
      await query(adminUrl(), `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await query(
        adminUrl(),
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      );
      try {
        let body = '';
        await waitUntil(async () => {
          const res = await request(app.url).get('/health/database');
          body = JSON.stringify(res.body);
          return res.status === 503;
        });
        expect(body).toContain('database');
        expect(body).not.toMatch(/accepting connections|ECONN|terminat|127\.0\.0\.1/i);
      } finally {
        await query(adminUrl(), `ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      }
      await waitUntil(async () => (await request(app.url).get('/health/ready')).status === 200);
    });
  });

  describe('8. smaller findings', () => {
    it('API answers, the login one included, are Cache-Control: no-store', async () => {
      const res = await request(app.url)
        .post('/api/auth/login')
        .set('x-forwarded-for', freshIp())
        .send(OPERATOR)
        .expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const me = await request(app.url).get('/api/me').set(as(operator)).expect(200);
      expect(me.headers['cache-control']).toBe('no-store');
    });

    it.each(['\u200b\u200b', ' \u2060 ', '\u0007ok', 'ok\u202e'])(
      'a reason of invisible or control characters (%j) is refused',
      async (reason) => {
        const before = await databaseSnapshot(url);
        const res = await request(app.url)
          .patch('/api/toggles')
          .set(as(operator))
          .send({ reason, tradingEnabled: false })
          .expect(400);
        expect(JSON.stringify(res.body.message)).toMatch(/reason/);
        expect(await databaseSnapshot(url)).toEqual(before);
      },
    );

    it('request logs redact token-, key-, secret- and password-like query parameters', async () => {
      await request(app.url)
        .get(
          '/api/runs?limit=5&access_token=tok-AAA&apiKey=key-BBB&client_secret=sec-CCC&password=pw-DDD',
        )
        .set(as(viewer));
      const lines = app.logs.lines.filter((l) => l.includes('/api/runs?limit=5'));
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toMatch(/tok-AAA|key-BBB|sec-CCC|pw-DDD/);
    });

    it('X-Forwarded-For: only the hop the trusted proxy appended is the client', async () => {
      await request(app.url)
        .patch('/api/toggles')
        .set(as(operator))
        .set('x-forwarded-for', '6.6.6.6, 10.1.2.3')
        .send({ reason: 'xff check', schedulerEnabled: true })
        .expect(200);
      expect(await query(url, `SELECT ip FROM audit_event WHERE reason = 'xff check'`)).toEqual([
        { ip: '10.1.2.3' },
      ]);
    });

    it('audit_event is append-only in the database', async () => {
      await expect(query(url, `UPDATE audit_event SET reason = 'rewritten'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(query(url, `DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    });
  });
});

async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  await waitFor(probe, timeoutMs);
}
