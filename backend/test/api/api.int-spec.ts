import request from 'supertest';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';

const OPERATOR = { email: 'op@example.com', password: 'Operator-password-1' };
const VIEWER = { email: 'viewer@example.com', password: 'Viewer-password-12' };

interface Route {
  method: string;
  path: string;
}

/** Every route the running app registered (Express router): the contract's surface is all there. */
function registeredRoutes(app: TestApp): Route[] {
  const instance = app.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return instance.router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods).map((method) => ({
        method: method.toUpperCase(),
        path: layer.route!.path,
      })),
    )
    .filter((r) => r.path.startsWith('/api') && !r.path.startsWith('/api/docs'));
}

/**
 * The HTTP surface of docs/architecture.md end to end: reasons and audit events of each mutation, specific bad
 * input, cursors. The generic route sweeps live in authorization.int-spec.ts.
 */
describe('API surface', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let url: string;
  let operatorToken: string;
  let viewerToken: string;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    url = await createMigratedDatabase('api');
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
      JWT_SECRET: 'a-test-jwt-secret-that-is-long-enough-1234',
    });
    const accounts = app.app.get(AdminUsersService);
    await accounts.create(OPERATOR.email, 'operator', OPERATOR.password);
    await accounts.create(VIEWER.email, 'viewer', VIEWER.password);
    operatorToken = (await request(app.url).post('/api/auth/login').send(OPERATOR).expect(200)).body
      .accessToken;
    viewerToken = (await request(app.url).post('/api/auth/login').send(VIEWER).expect(200)).body
      .accessToken;
  });
  afterAll(async () => {
    await app.shutdown();
    await sandbox.close();
  });

  const auditCount = async () =>
    (await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM audit_event'))[0].n;

  it('finds the whole HTTP surface of docs/architecture.md', () => {
    const routes = registeredRoutes(app).map((r) => `${r.method} ${r.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'GET /api/me',
        'GET /api/status',
        'GET /api/toggles',
        'PATCH /api/toggles',
        'GET /api/runs',
        'GET /api/runs/:id',
        'GET /api/portfolio',
        'GET /api/portfolio/history',
        'POST /api/runs',
        'POST /api/runs/preview',
        'GET /api/orders',
        'POST /api/orders/cancel-all',
        'GET /api/strategy',
        'PUT /api/strategy/targets',
        'GET /api/audit',
        'GET /api/alerts',
        'GET /api/version',
      ]),
    );
  });

  it('lets a viewer read and preview', async () => {
    await request(app.url)
      .get('/api/status')
      .set('authorization', `Bearer ${viewerToken}`)
      .expect(200);
    const preview = await request(app.url)
      .post('/api/runs/preview')
      .set('authorization', `Bearer ${viewerToken}`)
      .expect(200);
    expect(preview.body.intents.length).toBeGreaterThan(0);
    expect(sandbox.control.received).toHaveLength(0);
  });

  it('requires a reason on every mutation, and a refused change writes no audit event', async () => {
    const before = await auditCount();
    const res = await request(app.url)
      .patch('/api/toggles')
      .set('authorization', `Bearer ${operatorToken}`)
      .send({ tradingEnabled: false })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('reason');
    await request(app.url)
      .patch('/api/toggles')
      .set('authorization', `Bearer ${operatorToken}`)
      .send({ tradingEnabled: false, reason: '   ' })
      .expect(400);
    expect(await auditCount()).toBe(before);
    expect(
      (await request(app.url).get('/api/toggles').set('authorization', `Bearer ${operatorToken}`))
        .body.tradingEnabled,
    ).toBe(true);
  });

  it('a toggle change writes exactly one audit event with actor, before/after and reason', async () => {
    const before = await auditCount();
    const res = await request(app.url)
      .patch('/api/toggles')
      .set('authorization', `Bearer ${operatorToken}`)
      .set('x-request-id', 'kill-1')
      .send({ tradingEnabled: false, reason: 'suspicious fills' })
      .expect(200);
    expect(res.body).toMatchObject({ tradingEnabled: false, effective: { enabled: false } });
    expect(await auditCount()).toBe(before + 1);
    const [event] = await query(
      url,
      'SELECT actor, action, before, after, reason, request_id FROM audit_event ORDER BY id DESC LIMIT 1',
    );
    expect(event).toEqual({
      actor: OPERATOR.email,
      action: 'toggles.update',
      before: { tradingEnabled: true, schedulerEnabled: true },
      after: { tradingEnabled: false, schedulerEnabled: true },
      reason: 'suspicious fills',
      request_id: res.headers['x-request-id'],
    });
    // The client's own id is a correlation id only: the request id is the server's.
    expect(res.headers['x-request-id']).not.toBe('kill-1');
    expect(
      await query(url, 'SELECT correlation_id FROM audit_event ORDER BY id DESC LIMIT 1'),
    ).toEqual([{ correlation_id: 'kill-1' }]);
    expect(
      await query(url, `SELECT kind, severity FROM alert WHERE kind = 'trading_toggled'`),
    ).toEqual([{ kind: 'trading_toggled', severity: 'critical' }]);
    await request(app.url)
      .patch('/api/toggles')
      .set('authorization', `Bearer ${operatorToken}`)
      .send({ tradingEnabled: true, reason: 'resolved' })
      .expect(200);
  });

  it('a manual dry run, target edit and cancel-all are each audited (cancel-all and the run: request, then outcome)', async () => {
    const before = await auditCount();
    const run = await request(app.url)
      .post('/api/runs')
      .set('authorization', `Bearer ${operatorToken}`)
      .send({ dryRun: true, reason: 'rehearsal' })
      .expect(200);
    expect(run.body).toMatchObject({
      status: 'succeeded',
      run: { job: 'daily-rebalance-dry-run', requestedBy: OPERATOR.email, reason: 'rehearsal' },
    });
    const detail = await request(app.url)
      .get(`/api/runs/${run.body.run.id}`)
      .set('authorization', `Bearer ${operatorToken}`)
      .expect(200);
    expect(detail.body.orders.length).toBeGreaterThan(0);
    await request(app.url)
      .put('/api/strategy/targets')
      .set('authorization', `Bearer ${operatorToken}`)
      .send({
        targets: [
          { symbol: 'SPY', weight: 0.5 },
          { symbol: 'QQQ', weight: 0.3 },
        ],
        reason: 'tilt',
      })
      .expect(200);
    const bad = await request(app.url)
      .put('/api/strategy/targets')
      .set('authorization', `Bearer ${operatorToken}`)
      .send({
        targets: [
          { symbol: 'SPY', weight: 0.7 },
          { symbol: 'QQQ', weight: 0.5 },
        ],
        reason: 'too much',
      })
      .expect(400);
    expect(bad.body.message).toContain('sum to 1.200000');
    await request(app.url)
      .post('/api/orders/cancel-all')
      .set('authorization', `Bearer ${operatorToken}`)
      .send({ reason: 'drill' })
      .expect(200);
    // Each action's event is committed before it acts; the outcome is a second event after it.
    expect(await query(url, `SELECT action FROM audit_event ORDER BY id DESC LIMIT 5`)).toEqual([
      { action: 'orders.cancel_all.outcome' },
      { action: 'orders.cancel_all' },
      { action: 'strategy.targets' },
      { action: 'run.manual.outcome' },
      { action: 'run.manual' },
    ]);
    expect(await auditCount()).toBe(before + 5);
    const strategy = await request(app.url)
      .get('/api/strategy')
      .set('authorization', `Bearer ${viewerToken}`)
      .expect(200);
    expect(strategy.body.fixedWeights).toMatchObject({
      source: 'database',
      targets: [
        { symbol: 'QQQ', weight: 0.3 },
        { symbol: 'SPY', weight: 0.5 },
      ],
    });
  });

  it('answers bad input with a 4xx naming the problem, never a 500', async () => {
    const auth = { authorization: `Bearer ${operatorToken}` };
    const cases: [string, string, () => request.Test, number, RegExp][] = [
      [
        'malformed JSON',
        'PATCH /api/toggles',
        () =>
          request(app.url)
            .patch('/api/toggles')
            .set(auth)
            .set('content-type', 'application/json')
            .send('{"reason": '),
        400,
        /Malformed JSON/,
      ],
      [
        'unknown field',
        'PATCH /api/toggles',
        () =>
          request(app.url).patch('/api/toggles').set(auth).send({ reason: 'x', dropTables: true }),
        400,
        /dropTables should not exist/,
      ],
      [
        'wrong type',
        'PATCH /api/toggles',
        () =>
          request(app.url)
            .patch('/api/toggles')
            .set(auth)
            .send({ reason: 'x', tradingEnabled: 'yes' }),
        400,
        /tradingEnabled must be true or false/,
      ],
      [
        'huge body',
        'POST /api/runs',
        () =>
          request(app.url)
            .post('/api/runs')
            .set(auth)
            .send({ reason: 'x'.repeat(200_000) }),
        413,
        /too large/,
      ],
      [
        'long reason',
        'POST /api/runs',
        () =>
          request(app.url)
            .post('/api/runs')
            .set(auth)
            .send({ reason: 'x'.repeat(600), dryRun: true }),
        400,
        /reason must be shorter/,
      ],
      [
        'invalid uuid',
        'GET /api/runs/:id',
        () => request(app.url).get('/api/runs/1%27%20OR%201=1').set(auth),
        400,
        /uuid/,
      ],
      [
        'negative limit',
        'GET /api/runs',
        () => request(app.url).get('/api/runs?limit=-5').set(auth),
        400,
        /limit/,
      ],
      [
        'absurd limit',
        'GET /api/orders',
        () => request(app.url).get('/api/orders?limit=100000000').set(auth),
        400,
        /limit/,
      ],
      [
        'forged cursor',
        'GET /api/orders',
        () => request(app.url).get('/api/orders?cursor=AAAA').set(auth),
        400,
        /cursor/,
      ],
      [
        'SQL in a filter',
        'GET /api/orders',
        () =>
          request(app.url)
            .get(`/api/orders?symbol=${encodeURIComponent("SPY'; DROP TABLE order_intent;--")}`)
            .set(auth),
        400,
        /symbol/,
      ],
      [
        'HTML symbol',
        'PUT /api/strategy/targets',
        () =>
          request(app.url)
            .put('/api/strategy/targets')
            .set(auth)
            .send({ targets: [{ symbol: '<script>', weight: 0.1 }], reason: 'x' }),
        400,
        /symbol/,
      ],
      [
        'bad status filter',
        'GET /api/orders',
        () => request(app.url).get('/api/orders?status=all').set(auth),
        400,
        /status must be one of/,
      ],
      [
        'bad date',
        'GET /api/orders',
        () => request(app.url).get('/api/orders?from=yesterday').set(auth),
        400,
        /from must be a date/,
      ],
      [
        'login without email',
        'POST /api/auth/login',
        () => request(app.url).post('/api/auth/login').send({ password: 'x' }),
        400,
        /email/,
      ],
    ];
    for (const [name, route, send, status, message] of cases) {
      const res = await send();
      expect([name, route, res.status]).toEqual([name, route, status]);
      expect([name, JSON.stringify(res.body.message)]).toEqual([
        name,
        expect.stringMatching(message),
      ]);
      expect(res.body).toMatchObject({ statusCode: status, requestId: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toMatch(/\s+at\s+\S+\s\(/); // no stack trace
    }
    expect(await query(url, `SELECT to_regclass('order_intent') IS NOT NULL AS ok`)).toEqual([
      { ok: true },
    ]);
  });

  it('paginates runs and orders with opaque cursors', async () => {
    const auth = { authorization: `Bearer ${operatorToken}` };
    const first = await request(app.url).get('/api/orders?limit=1').set(auth).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(app.url)
      .get(`/api/orders?limit=1&cursor=${first.body.nextCursor}`)
      .set(auth)
      .expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });
});
