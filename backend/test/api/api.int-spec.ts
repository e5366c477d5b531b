import request from 'supertest';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';
import { CLI_JS, runNode } from '../support/process';

const OPERATOR = { email: 'op@example.com', password: 'Operator-password-1' };
const VIEWER = { email: 'viewer@example.com', password: 'Viewer-password-12' };

interface Route {
  method: string;
  path: string;
}

/** Every route the running app registered (Express router), not a hand-written list. */
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

const concrete = (path: string) => path.replace(':id', '00000000-0000-4000-8000-000000000000');
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('API security', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let url: string;
  let operatorToken: string;
  let viewerToken: string;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    sandbox.broker.setClock({ at: '2026-11-23T15:00:00Z' });
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

  it('finds the whole HTTP surface of DESIGN.md', () => {
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
        'POST /api/runs',
        'POST /api/runs/preview',
        'GET /api/orders',
        'POST /api/orders/cancel-all',
        'GET /api/strategy',
        'PUT /api/strategy/targets',
        'GET /api/audit',
        'GET /api/alerts',
      ]),
    );
  });

  it('answers 401 without a token on every /api route but login', async () => {
    for (const route of registeredRoutes(app).filter((r) => r.path !== '/api/auth/login')) {
      const agent = request(app.url);
      const call = agent[route.method.toLowerCase() as 'get'].bind(agent);
      const res = await call(concrete(route.path)).send({ reason: 'x' });
      expect([route.method, route.path, res.status]).toEqual([route.method, route.path, 401]);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
    const forged = await request(app.url)
      .get('/api/status')
      .set('authorization', 'Bearer not.a.token');
    expect(forged.status).toBe(401);
  });

  it('answers 403 to a viewer on every mutating route, and changes nothing', async () => {
    const before = await auditCount();
    const mutating = registeredRoutes(app).filter(
      (r) =>
        MUTATING.has(r.method) && r.path !== '/api/auth/login' && r.path !== '/api/runs/preview',
    );
    expect(mutating.length).toBeGreaterThanOrEqual(4);
    for (const route of mutating) {
      const agent = request(app.url);
      const call = agent[route.method.toLowerCase() as 'post'].bind(agent);
      const res = await call(concrete(route.path))
        .set('authorization', `Bearer ${viewerToken}`)
        .send({ reason: 'viewer tries' });
      expect([route.method, route.path, res.status]).toEqual([route.method, route.path, 403]);
    }
    expect(await auditCount()).toBe(before);
    expect(sandbox.broker.received).toHaveLength(0);
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
    expect(sandbox.broker.received).toHaveLength(0);
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
      request_id: 'kill-1',
    });
    expect(
      await query(url, `SELECT kind, severity FROM alert WHERE kind = 'trading_toggled'`),
    ).toEqual([{ kind: 'trading_toggled', severity: 'critical' }]);
    await request(app.url)
      .patch('/api/toggles')
      .set('authorization', `Bearer ${operatorToken}`)
      .send({ tradingEnabled: true, reason: 'resolved' })
      .expect(200);
  });

  it('a manual dry run, target edit and cancel-all each write one audit event', async () => {
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
    expect(await query(url, `SELECT action FROM audit_event ORDER BY id DESC LIMIT 3`)).toEqual([
      { action: 'orders.cancel_all' },
      { action: 'strategy.targets' },
      { action: 'run.manual' },
    ]);
    expect(await auditCount()).toBe(before + 3);
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
        /from must be an ISO 8601/,
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

  it('never returns or logs a password hash', async () => {
    const me = await request(app.url)
      .get('/api/me')
      .set('authorization', `Bearer ${operatorToken}`)
      .expect(200);
    expect(me.body).toEqual({ id: expect.any(String), email: OPERATOR.email, role: 'operator' });
    const [{ password_hash: hash }] = await query<{ password_hash: string }>(
      url,
      'SELECT password_hash FROM admin_user WHERE email = $1',
      [OPERATOR.email],
    );
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(app.logs.lines.join('\n')).not.toContain(hash);
    expect(app.logs.lines.join('\n')).not.toContain(OPERATOR.password);
  });

  it('gives the same 401 for unknown email and wrong password, then throttles', async () => {
    const unknown = await request(app.url)
      .post('/api/auth/login')
      .send({ email: 'nobody@example.com', password: 'whatever-password' });
    const wrong = await request(app.url)
      .post('/api/auth/login')
      .send({ email: VIEWER.email, password: 'wrong-password-000' });
    expect([unknown.status, unknown.body.message]).toEqual([401, 'invalid email or password']);
    expect([wrong.status, wrong.body.message]).toEqual([401, 'invalid email or password']);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await request(app.url)
            .post('/api/auth/login')
            .send({ email: 'target@example.com', password: `guess-${i}-aaaaaaa` })
        ).status,
      );
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  });

  it("a disabled account's token stops working", async () => {
    const temp = { email: 'temp@example.com', password: 'Temporary-pass-99' };
    await app.app.get(AdminUsersService).create(temp.email, 'operator', temp.password);
    const token = (await request(app.url).post('/api/auth/login').send(temp).expect(200)).body
      .accessToken;
    const result = await runNode(CLI_JS, ['admin:disable', '--email', temp.email], {
      DATABASE_URL: url,
    });
    expect(result).toMatchObject({ code: 0, stdout: `disabled ${temp.email}\n` });
    // Within the guard's 5 s user cache: poll until refused.
    let status = 200;
    for (let i = 0; i < 80 && status !== 401; i++) {
      status = (await request(app.url).get('/api/me').set('authorization', `Bearer ${token}`))
        .status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
  });
});

describe('openbell admin:create', () => {
  it('generates and prints a password once, or takes one from stdin, enforcing strength', async () => {
    const url = await createMigratedDatabase('cli_admin');
    const generated = await runNode(
      CLI_JS,
      ['admin:create', '--email', 'a@example.com', '--role', 'viewer'],
      { DATABASE_URL: url },
    );
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(
      /created viewer a@example.com\npassword \(shown once\): \S{20,}\n/,
    );
    const weak = await runNode(
      CLI_JS,
      ['admin:create', '--email', 'b@example.com', '--role', 'operator', '--password-stdin'],
      { DATABASE_URL: url },
      'short\n',
    );
    expect(weak).toMatchObject({ code: 1 });
    expect(weak.stdout).toContain('password must be at least 12 characters');
    const strong = await runNode(
      CLI_JS,
      ['admin:create', '--email', 'b@example.com', '--role', 'operator', '--password-stdin'],
      { DATABASE_URL: url },
      'Correct-Horse-42!\n',
    );
    expect(strong).toMatchObject({ code: 0, stdout: 'created operator b@example.com\n' });
    const duplicate = await runNode(
      CLI_JS,
      ['admin:create', '--email', 'B@example.com', '--role', 'operator'],
      { DATABASE_URL: url },
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toContain('already exists');
    const usage = await runNode(CLI_JS, ['admin:create', '--email', 'nope', '--role', 'god'], {
      DATABASE_URL: url,
    });
    expect(usage.code).toBe(64);
    expect(await query(url, 'SELECT email, role FROM admin_user ORDER BY email')).toEqual([
      { email: 'a@example.com', role: 'viewer' },
      { email: 'b@example.com', role: 'operator' },
    ]);
  });
});
