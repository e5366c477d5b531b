#!/usr/bin/env node
// `npm start`: the whole of Openbell locally, zero configuration. Every variable already set in the
// environment is honoured (DATABASE_URL, ALPACA_*, PORT, …); only unset ones fall back to local
// defaults (embedded PostgreSQL in .data/postgres, the bundled sandbox broker, admin on :4200).
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, spawnSync } from 'node:child_process';
import { BACKEND_ENV, BACKEND_NODE_FLAGS } from '../backend/runtime.mjs';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
const apiPort = Number(env.PORT || 3000);
const adminPort = Number(env.ADMIN_PORT || 4200);
env.EMBEDDED_POSTGRES_DIR ||= join(root, '.data/postgres');
env.API_BASE_URL ||= `http://localhost:${apiPort}`;
env.ADMIN_ORIGIN ||= `http://localhost:${adminPort},http://127.0.0.1:${adminPort}`;
// The bundled sandbox's prices move through the day, so the Portfolio page shows a living chart.
env.SANDBOX_MOVING_PRICES ||= 'true';
env.LOG_PRETTY ||= process.stdout.isTTY ? 'true' : 'false';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

console.log('Building backend and admin…');
run('npm', ['run', 'build', '-w', 'backend', '--silent']);
run('npm', ['run', 'build', '-w', 'admin', '--silent']);

const children = [];
function start(name, command, args, childEnv) {
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: childEnv,
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping everything.`);
      stop(code || 1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.on('exit', r)) : null)),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start('backend', process.execPath, [...BACKEND_NODE_FLAGS, join(root, 'backend/dist/main.js')], {
  ...env,
  ...BACKEND_ENV,
});
if (existsSync(join(root, 'admin/server/static-server.mjs'))) {
  start('admin', process.execPath, [join(root, 'admin/server/static-server.mjs')], {
    ...env,
    PORT: String(adminPort),
  });
}

async function waitReady() {
  for (let i = 0; i < 240 && !stopping; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${apiPort}/health/ready`);
      if (res.ok) return true;
    } catch {
      /* not listening yet */
    }
    await sleep(500);
  }
  return false;
}

waitReady().then((ready) => {
  if (!ready) return;
  console.log(
    [
      '',
      'Openbell is running:',
      `  API        http://localhost:${apiPort}/api  (OpenAPI: http://localhost:${apiPort}/api/docs)`,
      `  Readiness  http://localhost:${apiPort}/health/ready`,
      `  Admin      http://localhost:${adminPort}`,
      `  Broker     ${env.ALPACA_KEY_ID ? env.ALPACA_BASE_URL || "ALPACA_BASE_URL's default (Alpaca paper trading)" : 'bundled sandbox (no ALPACA_KEY_ID set)'}`,
      `  Database   ${env.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL (${env.EMBEDDED_POSTGRES_DIR})`}`,
      `  Trading    ${env.TRADING_ENABLED === 'true' ? 'ENABLED (orders are sent)' : 'dry-run (TRADING_ENABLED is not true)'}`,
      'The admin login is printed above on first start (also in .data/admin-login.txt).',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
});
