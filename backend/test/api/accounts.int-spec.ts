import { createServer, type AddressInfo } from 'node:net';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { LOCAL_OPERATOR_EMAIL } from '../../src/auth/local-operator.bootstrap';
import { startSandboxServer } from '../../src/sandbox/http-server';
import { ACCOUNT_CACHE_MS } from '../../src/auth/admin-users.service';
import { bootTestApp, waitFor } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';
import { CLI_JS, runNode, startServer } from '../support/process';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

const accountsIn = (url: string) =>
  query<{ email: string; role: string; disabled: boolean; password_hash: string }>(
    url,
    'SELECT email, role, disabled, password_hash FROM admin_user ORDER BY email',
  );

describe('openbell admin:create / admin:disable', () => {
  let url: string;
  beforeAll(async () => {
    url = await createMigratedDatabase('cli_admin');
  });
  const cli = (args: string[], stdin?: string) =>
    runNode(CLI_JS, args, { DATABASE_URL: url }, stdin);

  it('prints a generated password once; the account can log in with it', async () => {
    const res = await cli(['admin:create', '--email', ' Ann@Example.com ', '--role', 'viewer']);
    expect(res.code).toBe(0);
    const match = /^created viewer ann@example\.com\npassword \(shown once\): (\S{24})\n$/.exec(
      res.stdout,
    );
    expect(match).not.toBeNull();
    const [account] = await accountsIn(url);
    expect(account).toMatchObject({ email: 'ann@example.com', role: 'viewer', disabled: false });
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    expect(res.stdout + res.stderr).not.toContain(account.password_hash);
    expect(res.stderr).not.toContain(match![1]);
    // The printed password is the account's: log in through the real app.
    const sandbox = await startSandboxServer();
    const app = await bootTestApp(url, { APP_ROLE: 'web', ALPACA_BASE_URL: sandbox.url });
    try {
      await request(app.url)
        .post('/api/auth/login')
        .send({ email: 'ann@example.com', password: match![1] })
        .expect(200);
    } finally {
      await app.shutdown();
      await sandbox.close();
    }
  });

  it('takes a password from stdin, enforcing the strength rule', async () => {
    for (const [weak, why] of [
      ['short\n', 'at least 12 characters'],
      ['alllowercaseletters\n', 'mix at least three'],
      ['Password2026!\n', 'common word'],
      ['Abcd-1234-efgh\n', 'run like abcd or 1234'],
      ['Bea-bea@example.com\n', 'email'],
      ['\n', 'at least 12 characters'],
    ] as const) {
      const res = await cli(
        ['admin:create', '--email', 'bea@example.com', '--role', 'operator', '--password-stdin'],
        weak,
      );
      expect([weak, res.code]).toEqual([weak, 1]);
      expect(res.stderr).toContain(why);
      expect(res.stdout).toBe('');
    }
    const ok = await cli(
      ['admin:create', '--email', 'bea@example.com', '--role', 'operator', '--password-stdin'],
      'Correct-Horse-42!\n',
    );
    expect(ok).toMatchObject({ code: 0, stdout: 'created operator bea@example.com\n' });
    expect(ok.stdout + ok.stderr).not.toContain('Correct-Horse-42!');
  });

  it('refuses a duplicate email in any case with exit 1, and usage errors with 64', async () => {
    const duplicate = await cli(['admin:create', '--email', 'BEA@example.com', '--role', 'viewer']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('an account for bea@example.com already exists');
    expect(duplicate.stdout).not.toContain('password');
    for (const args of [
      ['admin:create', '--email', 'nope', '--role', 'viewer'],
      ['admin:create', '--email', 'x@example.com', '--role', 'god'],
      ['admin:create', '--role', 'viewer'],
      ['admin:create', '--email', 'x@example.com', '--role', 'viewer', '--admin'],
      ['admin:disable'],
      ['admin:disable', '--email', 'a b@example.com'],
    ]) {
      const res = await cli(args);
      expect([args.join(' '), res.code]).toEqual([args.join(' '), 64]);
      expect(res.stderr).toMatch(/Usage: openbell admin:/);
    }
    expect((await accountsIn(url)).map((a) => a.email)).toEqual([
      'ann@example.com',
      'bea@example.com',
    ]);
  });

  it('disables an account by email (any case); an unknown email is exit 1', async () => {
    const res = await cli(['admin:disable', '--email', 'Bea@Example.com']);
    expect(res).toMatchObject({ code: 0, stdout: 'disabled bea@example.com\n' });
    expect((await accountsIn(url)).find((a) => a.email === 'bea@example.com')?.disabled).toBe(true);
    const unknown = await cli(['admin:disable', '--email', 'nobody@example.com']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no account for nobody@example.com');
  });
});

describe('openbell admin:password / admin:role, and the audit of account commands', () => {
  it('a new password revokes the earlier sessions; every account command is audited as cli:<user>', async () => {
    const url = await createMigratedDatabase('cli_password');
    const cli = (args: string[], stdin?: string) =>
      runNode(CLI_JS, args, { DATABASE_URL: url }, stdin);
    const sandbox = await startSandboxServer();
    const app = await bootTestApp(url, { APP_ROLE: 'web', ALPACA_BASE_URL: sandbox.url });
    try {
      const email = 'cara@example.com';
      expect(
        await cli(
          ['admin:create', '--email', email, '--role', 'viewer', '--password-stdin'],
          'First-password-123\n',
        ),
      ).toMatchObject({ code: 0 });
      const token = (
        await request(app.url)
          .post('/api/auth/login')
          .send({ email, password: 'First-password-123' })
          .expect(200)
      ).body.accessToken as string;
      await request(app.url).get('/api/me').set('authorization', `Bearer ${token}`).expect(200);

      // Only from stdin: an argument would land in the shell history and the process list.
      expect((await cli(['admin:password', '--email', email])).code).toBe(64);
      expect(
        (await cli(['admin:password', '--email', email, '--password-stdin'], 'password\n')).code,
      ).toBe(1);
      const changed = await cli(
        ['admin:password', '--email', email, '--password-stdin', '--reason', 'left on a laptop'],
        'Second-password-456\n',
      );
      expect(changed).toMatchObject({
        code: 0,
        stdout: `password changed for ${email}; earlier sessions revoked\n`,
      });
      // The API process re-reads the account within its 5-second cache.
      await waitFor(
        async () =>
          (await request(app.url).get('/api/me').set('authorization', `Bearer ${token}`)).status ===
          401,
        ACCOUNT_CACHE_MS + 3_000,
      );
      await request(app.url)
        .post('/api/auth/login')
        .send({ email, password: 'Second-password-456' })
        .expect(200);

      expect(
        await cli(['admin:role', '--email', email, '--role', 'operator', '--reason', 'on call']),
      ).toMatchObject({ code: 0, stdout: `${email} is now operator\n` });
      expect((await cli(['admin:disable', '--email', email])).code).toBe(0);

      const events = await query<{ actor: string; action: string; reason: string; after: unknown }>(
        url,
        `SELECT actor, action, reason, after FROM audit_event WHERE target = $1 ORDER BY id`,
        [email],
      );
      expect(events.map((e) => [e.action, e.reason])).toEqual([
        ['account.create', 'admin:create from the command line'],
        ['account.password', 'left on a laptop'],
        ['account.role', 'on call'],
        ['account.disable', 'admin:disable from the command line'],
      ]);
      expect(new Set(events.map((e) => e.actor))).toEqual(new Set([`cli:${userInfo().username}`]));
      expect(JSON.stringify(events)).not.toMatch(/password-456|\$argon2/);
    } finally {
      await app.shutdown();
      await sandbox.close();
    }
  }, 60_000);
});

describe('local operator bootstrap', () => {
  it('creates no account on a real database (DATABASE_URL), even outside production', async () => {
    const url = await createMigratedDatabase('no_bootstrap');
    const sandbox = await startSandboxServer();
    const app = await bootTestApp(url, {
      APP_ROLE: 'all',
      NODE_ENV: 'development',
      ALPACA_BASE_URL: sandbox.url,
    });
    try {
      expect(await accountsIn(url)).toEqual([]);
    } finally {
      await app.shutdown();
      await sandbox.close();
    }
  });

  it('on the embedded database: first boot creates admin@openbell.local and prints it once', async () => {
    const base = mkdtempSync(join(tmpdir(), 'openbell-local-'));
    chmodSync(base, 0o777);
    const port = await freePort();
    const env = {
      APP_ROLE: 'web',
      NODE_ENV: 'development',
      EMBEDDED_POSTGRES_DIR: join(base, 'postgres'),
      EMBEDDED_POSTGRES_PORT: String(port),
    };
    try {
      const first = await startServer(env, 120_000);
      let password: string;
      try {
        // Written during bootstrap, so before the "listening on" line startServer waited for.
        const output = first.output();
        const banner = /Admin login \(local, shown once\): admin@openbell\.local \/ (\S+)/.exec(
          output,
        );
        expect(banner).not.toBeNull();
        password = banner![1];
        // The log line says it happened, never the password itself.
        const logLines = output.split('\n').filter((l) => l.startsWith('{'));
        expect(logLines.some((l) => l.includes('created the local operator account'))).toBe(true);
        expect(logLines.filter((l) => l.includes(password))).toEqual([]);
        const file = join(base, 'admin-login.txt');
        expect(readFileSync(file, 'utf8')).toContain(password);
        expect(statSync(file).mode & 0o077).toBe(0);
        const res = await request(first.url)
          .post('/api/auth/login')
          .send({ email: LOCAL_OPERATOR_EMAIL, password })
          .expect(200);
        expect(res.body.user).toMatchObject({ email: LOCAL_OPERATOR_EMAIL, role: 'operator' });
      } finally {
        expect(await first.stop()).toBe(0);
      }
      // Second boot: an account exists, so nothing is created or printed.
      const second = await startServer(env, 120_000);
      try {
        await request(second.url)
          .post('/api/auth/login')
          .send({ email: LOCAL_OPERATOR_EMAIL, password })
          .expect(200);
        expect(second.output()).not.toContain('Admin login');
        expect(second.output()).not.toContain(password);
      } finally {
        expect(await second.stop()).toBe(0);
      }
    } finally {
      if (existsSync(base)) rmSync(base, { recursive: true, force: true });
    }
  }, 240_000);
});
