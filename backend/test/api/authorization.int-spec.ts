import { JwtService } from '@nestjs/jwt';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import request from 'supertest';
import { ReasonDto } from '../../src/infra/http/reason.dto';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import { ACCOUNT_CACHE_MS } from '../../src/auth/auth.guard';
import { SIGN_OPTIONS } from '../../src/auth/session-token';
import { PageQuery } from '../../src/infra/http/pagination';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';
import {
  concretePath,
  declaredRoutes,
  describeRoute,
  isMutating,
  operatorMutations,
  protectedRoutes,
  servedRoutes,
  shoutedPath,
  type DeclaredRoute,
  type ServedRoute,
} from './support/routes';
import { databaseSnapshot } from './support/snapshot';

/**
 * Generic over the running app: every route any controller declares (now or later) is checked,
 * none is listed by hand. A new route fails here if it is open, lets a viewer mutate, or takes no
 * reason.
 */
const OPERATOR = { email: 'authz-op@example.com', password: 'Operator-authz-77' };
const VIEWER = { email: 'authz-viewer@example.com', password: 'Viewer-authz-778' };
const JWT_SECRET = 'authorization-test-secret-0123456789abcdef';

type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';
const send = (url: string, method: string, path: string) =>
  request(url)[method.toLowerCase() as Verb](path);

describe('authorization over every registered route', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let url: string;
  let routes: DeclaredRoute[];
  let operator: string;
  let viewer: string;

  const login = async (account: { email: string; password: string }) =>
    (await request(app.url).post('/api/auth/login').send(account).expect(200)).body
      .accessToken as string;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    url = await createMigratedDatabase('authz');
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      JWT_SECRET,
    });
    const accounts = app.app.get(AdminUsersService);
    await accounts.create(OPERATOR.email, 'operator', OPERATOR.password);
    await accounts.create(VIEWER.email, 'viewer', VIEWER.password);
    operator = await login(OPERATOR);
    viewer = await login(VIEWER);
    routes = declaredRoutes(app);
  });
  afterAll(async () => {
    await app?.shutdown();
    await sandbox?.close();
  });

  it('serves exactly the routes the controllers declare, plus the OpenAPI document', () => {
    const declared = new Set(routes.map(describeRoute));
    const served = servedRoutes(app);
    const undeclared = served.filter((r) => !declared.has(describeRoute(r)));
    expect(undeclared.every((r) => r.path.startsWith('/api/docs'))).toBe(true);
    const servedSet = new Set(served.map(describeRoute));
    expect(routes.filter((r) => !servedSet.has(describeRoute(r)))).toEqual([]);
    expect(routes.map(describeRoute)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'GET /api/me', 'GET /api/audit']),
    );
    // Only login and the build identity are public; only the probes are open by their controller's path.
    expect(routes.filter((r) => r.isPublic).map(describeRoute)).toEqual([
      'POST /api/auth/login',
      'GET /api/version',
    ]);
    for (const probe of routes.filter((r) => r.openProbe))
      expect(probe.path).toMatch(/^\/(health\/[\w/]+|metrics)$/);
    expect(protectedRoutes(routes).every((r) => r.path.startsWith('/api/'))).toBe(true);
  });

  it('answers 401 without a token on every protected route, whatever the path case', async () => {
    const protectedOnes = protectedRoutes(routes);
    expect(protectedOnes.length).toBeGreaterThanOrEqual(2);
    for (const route of protectedOnes) {
      const canonical = concretePath(route.path);
      for (const path of [canonical, shoutedPath(route.path), `${canonical}/`]) {
        const res = await send(app.url, route.method, path).send({ reason: 'no token' });
        // A variant Express does not route is a 404; anything it routes must be refused.
        if (path !== canonical && res.status === 404) continue;
        expect([route.method, path, res.status]).toEqual([route.method, path, 401]);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      }
    }
  });

  it('refuses forged, expired, foreign and malformed tokens on every protected route', async () => {
    const jwt = app.app.get(JwtService);
    const [{ id }] = await query<{ id: string }>(
      url,
      'SELECT id FROM admin_user WHERE email = $1',
      [OPERATOR.email],
    );
    const claims = { sub: id, email: OPERATOR.email, role: 'operator' };
    const now = Math.floor(Date.now() / 1000);
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad: Record<string, string> = {
      garbage: 'Bearer not.a.token',
      'other secret': `Bearer ${new JwtService({ secret: 'another-secret-another-secret-1234' }).sign(claims, { ...SIGN_OPTIONS, expiresIn: 600 })}`,
      expired: `Bearer ${jwt.sign({ ...claims, exp: now - 5, iat: now - 600 }, SIGN_OPTIONS)}`,
      'other audience': `Bearer ${jwt.sign(claims, { ...SIGN_OPTIONS, audience: 'someone-else', expiresIn: 600 })}`,
      'alg none': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: 'openbell', aud: 'openbell-admin-api', exp: now + 600 })}.`,
      'HS512 with the secret': `Bearer ${jwt.sign(claims, { ...SIGN_OPTIONS, algorithm: 'HS512', expiresIn: 600 })}`,
      'unknown subject': `Bearer ${jwt.sign({ ...claims, sub: '00000000-0000-4000-8000-000000000001' }, { ...SIGN_OPTIONS, expiresIn: 600 })}`,
      'not a uuid subject': `Bearer ${jwt.sign({ ...claims, sub: "1' OR '1'='1" }, { ...SIGN_OPTIONS, expiresIn: 600 })}`,
      'wrong scheme': `Basic ${Buffer.from(`${OPERATOR.email}:${OPERATOR.password}`).toString('base64')}`,
      'token in the wrong place': operator,
    };
    for (const route of protectedRoutes(routes))
      for (const [name, authorization] of Object.entries(bad)) {
        const res = await send(app.url, route.method, concretePath(route.path))
          .set('authorization', authorization)
          .send({ reason: 'forged' });
        expect([name, describeRoute(route), res.status]).toEqual([name, describeRoute(route), 401]);
      }
    // The real token works, with the scheme in any case (RFC 6750).
    await request(app.url).get('/api/me').set('authorization', `bearer ${operator}`).expect(200);
  });

  it('keeps the probes open and nothing else outside /api', async () => {
    const open = routes.filter((r) => r.openProbe);
    for (const route of open) {
      const res = await send(app.url, route.method, concretePath(route.path));
      expect([describeRoute(route), res.status]).not.toEqual([describeRoute(route), 401]);
    }
    const docs = await request(app.url).get('/api/docs').expect(200);
    expect(docs.text).toContain('swagger');
    // The UI's scripts are files (helmet's CSP forbids inline scripts), and they are served.
    await request(app.url).get('/api/docs/swagger-ui-init.js').expect(200);
  });

  it('answers 403 to a viewer on every mutation and changes nothing', async () => {
    const before = await databaseSnapshot(url);
    const mutations = operatorMutations(routes);
    expect(mutations.length).toBeGreaterThanOrEqual(1);
    for (const route of mutations) {
      const canonical = concretePath(route.path);
      for (const path of [canonical, shoutedPath(route.path)]) {
        const res = await send(app.url, route.method, path)
          .set('authorization', `Bearer ${viewer}`)
          .send({ reason: 'a viewer tries' });
        if (path !== canonical && res.status === 404) continue;
        expect([route.method, path, res.status]).toEqual([route.method, path, 403]);
        expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      }
    }
    expect(await databaseSnapshot(url)).toEqual(before);
    expect(sandbox.control.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('lets a viewer read every GET route (never 401/403/5xx)', async () => {
    for (const route of protectedRoutes(routes).filter((r) => !isMutating(r) && !r.roles)) {
      const res = await send(app.url, route.method, concretePath(route.path)).set(
        'authorization',
        `Bearer ${viewer}`,
      );
      expect([describeRoute(route), res.status < 500 && ![401, 403].includes(res.status)]).toEqual([
        describeRoute(route),
        true,
      ]);
    }
  });

  it('every operator mutation takes a body DTO that requires a trimmed, 1-500 character reason', () => {
    const problems: string[] = [];
    const reasonErrors = (dto: new () => object, body: object) =>
      validateSync(plainToInstance(dto, body), { whitelist: true }).filter(
        (e) => e.property === 'reason',
      );
    for (const route of operatorMutations(routes)) {
      const name = describeRoute(route);
      if (!route.bodyDto || route.bodyDto === Object) {
        problems.push(`${name}: no @Body() DTO`);
        continue;
      }
      for (const [label, body] of [
        ['missing', {}],
        ['blank', { reason: '   ' }],
        ['not a string', { reason: 42 }],
        ['over 500', { reason: 'x'.repeat(501) }],
      ] as const)
        if (reasonErrors(route.bodyDto, body).length === 0)
          problems.push(`${name}: a ${label} reason is accepted`);
      if (reasonErrors(route.bodyDto, { reason: '  why  ' }).length > 0)
        problems.push(`${name}: a normal reason is refused`);
    }
    expect(problems).toEqual([]);
  });

  it('an operator mutation without a reason is a 400 naming it, and changes nothing', async () => {
    const before = await databaseSnapshot(url);
    for (const route of operatorMutations(routes)) {
      for (const body of [{}, { reason: '  ' }]) {
        const res = await send(app.url, route.method, concretePath(route.path))
          .set('authorization', `Bearer ${operator}`)
          .send(body);
        expect([describeRoute(route), res.status]).toEqual([describeRoute(route), 400]);
        expect(JSON.stringify(res.body.message)).toMatch(/reason/);
      }
    }
    expect(await databaseSnapshot(url)).toEqual(before);
  });

  it('answers bad input on every route with a 4xx naming the problem, and changes nothing', async () => {
    const before = await databaseSnapshot(url);
    const auth = { authorization: `Bearer ${operator}` };
    const checks: [string, () => request.Test, number | number[], RegExp][] = [];
    for (const route of protectedRoutes(routes)) {
      const path = concretePath(route.path);
      const name = describeRoute(route);
      if (isMutating(route) && route.bodyDto) {
        checks.push(
          [
            `${name} malformed JSON`,
            () =>
              send(app.url, route.method, path)
                .set(auth)
                .set('content-type', 'application/json')
                .send('{"reason": "x",'),
            400,
            /Malformed JSON body/,
          ],
          [
            `${name} huge body`,
            () =>
              send(app.url, route.method, path)
                .set(auth)
                .send({ reason: 'x', pad: 'y'.repeat(200_000) }),
            413,
            /too large/,
          ],
          [
            `${name} unknown field`,
            () => send(app.url, route.method, path).set(auth).send({ reason: 'x', isAdmin: true }),
            400,
            /property isAdmin should not exist/,
          ],
          [
            `${name} prototype pollution`,
            () =>
              send(app.url, route.method, path)
                .set(auth)
                .set('content-type', 'application/json')
                .send(
                  '{"reason":"x","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
                ),
            400,
            /should not exist/,
          ],
          [
            `${name} body is an array`,
            () =>
              send(app.url, route.method, path)
                .set(auth)
                .send([{ reason: 'x' }]),
            400,
            /./,
          ],
        );
        // Every operator mutation takes a reason; a viewer-allowed POST (preview, password) need not.
        if (route.bodyDto.prototype instanceof ReasonDto)
          checks.push([
            `${name} reason of the wrong type`,
            () =>
              send(app.url, route.method, path)
                .set(auth)
                .send({ reason: ['a', 'b'] }),
            400,
            /reason must be a string/,
          ]);
      }
      if (route.queryDto) {
        checks.push([
          `${name} __proto__ in the query`,
          () => send(app.url, route.method, `${path}?__proto__=1&constructor=2`).set(auth),
          400,
          /property __proto__ should not exist/,
        ]);
        checks.push([
          `${name} unknown query`,
          () => send(app.url, route.method, `${path}?sort=1;DROP TABLE audit_event`).set(auth),
          400,
          /property sort should not exist/,
        ]);
        if (route.queryDto.prototype instanceof PageQuery || route.queryDto === PageQuery) {
          for (const limit of ['0', '-5', '201', '1e9', 'abc', '1.5'])
            checks.push([
              `${name} limit=${limit}`,
              () => send(app.url, route.method, `${path}?limit=${limit}`).set(auth),
              400,
              /limit/,
            ]);
          for (const cursor of [
            'AAAA',
            "' OR 1=1 --",
            Buffer.from('["x","1"]').toString('base64url'),
            'a'.repeat(300),
          ])
            checks.push([
              `${name} cursor=${cursor.slice(0, 12)}`,
              () =>
                send(app.url, route.method, `${path}?cursor=${encodeURIComponent(cursor)}`).set(
                  auth,
                ),
              400,
              /cursor/,
            ]);
        }
      }
      if (route.hasParams)
        for (const value of ['not-a-uuid', "1' OR '1'='1", '%00', '9'.repeat(40)])
          checks.push([
            `${name} param ${value}`,
            () =>
              send(app.url, route.method, concretePath(route.path, encodeURIComponent(value)))
                .set(auth)
                .send({ reason: 'x' }),
            [400, 404],
            /./,
          ]);
    }
    expect(checks.length).toBeGreaterThan(10);
    for (const [name, call, status, message] of checks) {
      const res = await call();
      const allowed = [status].flat();
      expect([name, allowed.includes(res.status) ? allowed[0] : res.status]).toEqual([
        name,
        allowed[0],
      ]);
      expect([name, JSON.stringify(res.body.message)]).toEqual([
        name,
        expect.stringMatching(message),
      ]);
      expect(res.body).toMatchObject({
        statusCode: res.status,
        error: expect.any(String),
        requestId: expect.any(String),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/\s+at\s+\S+\s\(|node_modules|\.ts:\d+/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await databaseSnapshot(url)).toEqual(before);
  });

  it('answers unknown routes and methods with a JSON 404', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/api/nope'],
      ['DELETE', '/api/audit'],
      ['POST', '/health/live'],
    ] as const) {
      const res = await send(app.url, method, path).set('authorization', `Bearer ${operator}`);
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.body).toMatchObject({
        statusCode: 404,
        error: 'Not Found',
        requestId: expect.any(String),
      });
    }
  });

  it('never answers a password hash on any GET route', async () => {
    for (const route of protectedRoutes(routes).filter((r) => !isMutating(r))) {
      const res = await send(app.url, route.method, concretePath(route.path)).set(
        'authorization',
        `Bearer ${operator}`,
      );
      expect([describeRoute(route), res.text]).not.toEqual([
        describeRoute(route),
        expect.stringMatching(/\$argon2|password_?hash/i),
      ]);
    }
  });

  it("re-reads the account: a disabled or demoted account's token stops working", async () => {
    const accounts = app.app.get(AdminUsersService);
    const temp = { email: 'authz-temp@example.com', password: 'Temporary-authz-91' };
    await accounts.create(temp.email, 'operator', temp.password);
    const token = await login(temp);
    const mutation = operatorMutations(routes).find((r) => !r.hasParams)!;
    await request(app.url).get('/api/me').set('authorization', `Bearer ${token}`).expect(200);
    // Demoted to viewer in the database: mutations refused within the account cache's lifetime.
    await query(url, `UPDATE admin_user SET role = 'viewer' WHERE email = $1`, [temp.email]);
    const demotedIn = await waitFor(
      async () =>
        (
          await send(app.url, mutation.method, mutation.path)
            .set('authorization', `Bearer ${token}`)
            .send({})
        ).status === 403,
      ACCOUNT_CACHE_MS + 2_000,
      100,
    );
    expect(demotedIn).toBeLessThanOrEqual(ACCOUNT_CACHE_MS + 1_000);
    await accounts.disable(temp.email);
    await waitFor(
      async () =>
        (await request(app.url).get('/api/me').set('authorization', `Bearer ${token}`)).status ===
        401,
      ACCOUNT_CACHE_MS + 2_000,
      100,
    );
    const res = await request(app.url).get('/api/me').set('authorization', `Bearer ${token}`);
    expect(res.body).toMatchObject({ statusCode: 401, message: 'account disabled or removed' });
    await request(app.url).post('/api/auth/login').send(temp).expect(401);
  });

  it('publishes an OpenAPI document of every /api route with bearer auth and reasons', async () => {
    const doc = (await request(app.url).get('/api/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            security?: unknown[];
            requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
          }
        >
      >;
      components: {
        securitySchemes: Record<string, { scheme?: string }>;
        schemas: Record<string, { required?: string[] }>;
      };
    };
    expect(doc.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
    const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
    for (const route of routes.filter((r) => r.path.startsWith('/api/'))) {
      const operation = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
      expect([describeRoute(route), operation !== undefined]).toEqual([describeRoute(route), true]);
    }
    for (const route of operatorMutations(routes)) {
      const ref =
        doc.paths[openApiPath(route.path)][route.method.toLowerCase()].requestBody?.content[
          'application/json'
        ]?.schema.$ref;
      const schema = ref ? doc.components.schemas[ref.split('/').pop()!] : undefined;
      expect([describeRoute(route), schema?.required ?? []]).toEqual([
        describeRoute(route),
        expect.arrayContaining(['reason']),
      ]);
    }
    expect(doc.components.schemas.LoginResponseDto).toBeDefined();
    expect(doc.components.schemas.AuditPageDto).toBeDefined();
  });
});

describe('the worker role', () => {
  it('serves only the open probes', async () => {
    const sandbox = await startSandboxServer();
    const url = await createMigratedDatabase('authz_worker');
    const app = await bootTestApp(url, { APP_ROLE: 'worker', ALPACA_BASE_URL: sandbox.url });
    try {
      const served: ServedRoute[] = servedRoutes(app);
      const declared = declaredRoutes(app);
      expect(served.length).toBeGreaterThan(0);
      expect(declared.filter((r) => !r.openProbe).map(describeRoute)).toEqual([]);
      expect(served.filter((r) => !/^\/(health\/|metrics$)/.test(r.path))).toEqual([]);
    } finally {
      await app.shutdown();
      await sandbox.close();
    }
  });
});
