import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import type { SessionClaims } from '../../src/auth/session-token';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';

const ALICE = { email: 'alice@example.com', password: 'Alice-passw0rd-hunter' };
const BOB = { email: 'bob@example.com', password: 'Bob-has-a-l0ng-secret' };

/**
 * Each test logs in from its own client address (X-Forwarded-For from a loopback peer, which the
 * app trusts as a proxy), so throttling in one test does not leak into the next.
 */
let nextAddress = 10;
const freshIp = () => `198.51.100.${nextAddress++}`;

describe('login', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let url: string;

  const login = (body: object, ip = freshIp()) =>
    request(app.url).post('/api/auth/login').set('x-forwarded-for', ip).send(body);

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    url = await createMigratedDatabase('login');
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      JWT_SECRET: 'login-test-secret-0123456789abcdef-xyz',
      JWT_TTL_MINUTES: '15',
    });
    const accounts = app.app.get(AdminUsersService);
    await accounts.create(ALICE.email, 'operator', ALICE.password);
    await accounts.create(BOB.email, 'viewer', BOB.password);
  });
  afterAll(async () => {
    await app?.shutdown();
    await sandbox?.close();
  });

  it('issues a short-lived HS256 token for the account, whatever the email case', async () => {
    const before = Date.now();
    const res = await login({ email: '  Alice@Example.COM ', password: ALICE.password }).expect(
      200,
    );
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      expiresAt: expect.any(String),
      user: { id: expect.any(String), email: ALICE.email, role: 'operator' },
    });
    const claims = app.app
      .get(JwtService)
      .decode<SessionClaims & { iss: string; aud: string }>(res.body.accessToken);
    expect(claims).toMatchObject({
      sub: res.body.user.id,
      iss: 'openbell',
      aud: 'openbell-admin-api',
    });
    expect(claims.exp - claims.iat).toBe(15 * 60);
    expect(Date.parse(res.body.expiresAt)).toBe(claims.exp * 1000);
    expect(claims.exp * 1000).toBeGreaterThanOrEqual(before + 15 * 60_000 - 1000);
    expect(
      JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString()),
    ).toMatchObject({ alg: 'HS256' });
    const me = await request(app.url)
      .get('/api/me')
      .set('authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(me.body).toEqual(res.body.user);
    const [row] = await query<{ last_login_at: Date | null }>(
      url,
      'SELECT last_login_at FROM admin_user WHERE email = $1',
      [ALICE.email],
    );
    expect(row.last_login_at).not.toBeNull();
  });

  it('gives one answer for an unknown email, a wrong password and a disabled account', async () => {
    const accounts = app.app.get(AdminUsersService);
    const carol = { email: 'carol@example.com', password: 'Carol-passw0rd-xyz' };
    await accounts.create(carol.email, 'operator', carol.password);
    await accounts.disable(carol.email);
    const answers = await Promise.all(
      [
        { email: 'nobody@example.com', password: 'Whatever-passw0rd' },
        { email: ALICE.email, password: 'Wrong-passw0rd-123' },
        carol,
      ].map((body) => login(body)),
    );
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect({ ...res.body, requestId: 'x' }).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'invalid email or password',
        requestId: 'x',
      });
    }
  });

  it('spends the same argon2 work on an unknown email as on a wrong password', async () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // CPU time of this process (argon2 runs on its thread pool), not wall time: other processes
    // on a busy machine stretch wall time at random, never this process's own work.
    const time = async (body: object) => {
      const start = process.cpuUsage();
      await login(body).expect(401);
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    };
    const accounts = app.app.get(AdminUsersService);
    const known = ['t1@example.com', 't2@example.com', 't3@example.com'];
    for (const email of known) await accounts.create(email, 'viewer', 'Timing-passw0rd-ok');
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 6; i++) {
      unknown.push(await time({ email: `ghost${i}@example.com`, password: `Wrong-passw0rd-${i}` }));
      wrong.push(await time({ email: known[i % 3], password: `Wrong-passw0rd-${i}` }));
    }
    // Without the dummy verification an unknown email answers ~20x faster; allow generous noise.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
    expect(median(unknown)).toBeLessThan(median(wrong) * 2);
  });

  it('throttles one (email, client) pair to 5 failures a minute, with Retry-After', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await login({ email: 'target@example.com', password: `Guess-number-${i}x` }, ip)).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // A sixth attempt from the same client, with different case, is refused.
    const blocked = await login({ email: 'TARGET@example.com', password: 'Guess-number-6x' }, ip);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The admin (another origin) may read the header, to tell the operator how long to wait.
    const fromAdmin = await request(app.url)
      .post('/api/auth/login')
      .set('origin', 'http://localhost:4200')
      .set('x-forwarded-for', ip)
      .send({ email: 'target@example.com', password: 'Guess-number-7x' });
    expect(fromAdmin.status).toBe(429);
    expect(fromAdmin.headers['access-control-allow-origin']).toBe('http://localhost:4200');
    expect(fromAdmin.headers['access-control-expose-headers']).toMatch(/\bRetry-After\b/);
    // The account's owner, from a client without recent failures, is never locked out.
    await app.app
      .get(AdminUsersService)
      .create('target@example.com', 'viewer', 'Target-passw0rd-ok');
    await login({ email: 'target@example.com', password: 'Target-passw0rd-ok' }).expect(200);
    // ...and other accounts can still sign in.
    await login(BOB).expect(200);
  });

  it('throttles one client address to 20 attempts a minute across emails, with Retry-After', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      // A client-written left-most X-Forwarded-For entry must not give it a new address.
      const forwarded = `10.9.${i}.1, 203.0.113.${i}, ${ip}`;
      statuses.push(
        (await login({ email: `spray${i}@example.com`, password: 'Spray-passw0rd-1' }, forwarded))
          .status,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    const blocked = await login(BOB, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await login(BOB, freshIp()).expect(200);
  });

  it('validates the login body: 400 naming the field, before any verification', async () => {
    for (const [body, field] of [
      [{ password: 'x' }, /email/],
      [{ email: 'not-an-email', password: 'x' }, /email must be an email address/],
      [{ email: 'v1@example.com' }, /password/],
      [{ email: 'v2@example.com', password: '' }, /password must not be empty/],
      [{ email: 'v3@example.com', password: 'x'.repeat(300) }, /password must be shorter/],
      [{ email: 'v4@example.com', password: { $ne: null } }, /password must be a string/],
      [{ email: ['v5@example.com'], password: 'x' }, /email/],
      [
        { email: 'v6@example.com', password: 'x', role: 'operator' },
        /property role should not exist/,
      ],
    ] as const) {
      const res = await login(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      expect(JSON.stringify(res.body.message)).toMatch(field);
    }
  });

  it('never writes a password or a hash to a response or a log line', async () => {
    const hashes = await query<{ password_hash: string }>(
      url,
      'SELECT password_hash FROM admin_user',
    );
    expect(hashes.length).toBeGreaterThanOrEqual(3);
    const logs = app.logs.lines.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const { password_hash: hash } of hashes) {
      expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,(p=1,t=2|t=2,p=1)\$/);
      expect(logs).not.toContain(hash);
      expect(logs).not.toContain(hash.split('$').pop());
    }
    for (const secret of [ALICE.password, BOB.password, 'Target-passw0rd-ok', 'Spray-passw0rd-1'])
      expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/\$argon2/);
    // Bearer tokens are redacted from request logs too.
    expect(logs).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  });
});
