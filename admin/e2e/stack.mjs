// The real stack for browser tests: embedded PostgreSQL (temp dir), the compiled backend in
// always-open sandbox mode, and the built admin behind its production static server.
import { freePort, startTestPostgres } from '../../backend/test/pg-start.mjs';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../server/static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = join(here, '../test-output/e2e');

export { freePort };

async function waitFor(probe, timeoutMs, what) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms`);
}

export async function startStack(extraEnv = {}) {
  const pg = await startTestPostgres({ password: 'e2e' });

  const apiPort = await freePort();
  const adminPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  let backendLog = '';
  const backend = spawn(process.execPath, [join(here, '../../backend/dist/main.js')], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: pg.url,
      PORT: String(apiPort),
      SANDBOX_MODE: 'always-open',
      SANDBOX_MOVING_PRICES: 'true',
      ADMIN_ORIGIN: adminUrl,
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  backend.stdout.on('data', (d) => (backendLog += d));
  backend.stderr.on('data', (d) => (backendLog += d));
  await waitFor(
    async () => (await fetch(`${apiUrl}/health/ready`)).ok,
    60_000,
    `backend (log:\n${backendLog})`,
  );

  const admin = await startStaticServer({
    root: join(here, '../dist/admin/browser'),
    port: adminPort,
    host: '127.0.0.1',
    apiBaseUrl: apiUrl,
  });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });

  /** Creates an account through the operator CLI (`admin:create --password-stdin`). */
  async function createAccount(email, role, password) {
    const cli = spawn(
      process.execPath,
      [
        join(here, '../../backend/dist/cli/main.js'),
        'admin:create',
        '--email',
        email,
        '--role',
        role,
        '--password-stdin',
      ],
      {
        env: { PATH: process.env.PATH, DATABASE_URL: pg.url, LOG_LEVEL: 'warn' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let output = '';
    cli.stdout.on('data', (d) => (output += d));
    cli.stderr.on('data', (d) => (output += d));
    cli.stdin.end(`${password}\n`);
    const code = await new Promise((r) => cli.on('exit', r));
    if (code !== 0) throw new Error(`admin:create ${email} exited ${code}: ${output}`);
  }

  return {
    apiUrl,
    adminUrl,
    browser,
    createAccount,
    log: () => backendLog,
    async stop() {
      await browser.close().catch(() => {});
      await admin.close();
      if (backend.exitCode === null) {
        const exited = new Promise((r) => backend.on('exit', r));
        backend.kill('SIGTERM');
        await exited;
      }
      await pg.destroy();
    },
  };
}
