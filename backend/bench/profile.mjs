#!/usr/bin/env node
// A CPU profile of one Openbell process under load, summarised by self time (a tool for the
// performance work; not part of `npm run bench`). Usage, after `npm run build -w backend`:
//   node backend/bench/profile.mjs <status|ready|boot|run> [out-dir]
// Prints the top functions by self time and writes the .cpuprofile (open it in Chrome DevTools).
import autocannon from 'autocannon';
import { freePort, startTestPostgres } from '../test/pg-start.mjs';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BACKEND_ENV, BACKEND_NODE_FLAGS } from '../runtime.mjs';

const backend = join(dirname(fileURLToPath(import.meta.url)), '..');
const what = process.argv[2] ?? 'status';
const out = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'openbell-prof-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const OPERATOR = { email: 'bench@example.com', password: 'Bench-operator-pass-1' };

const server = await startTestPostgres({ password: 'bench' });
const sandboxModule = await import(join(backend, 'dist/sandbox/http-server.js'));
const { startSandboxServer } = sandboxModule.default ?? sandboxModule;
const symbols = Array.from({ length: 500 }, (_, i) => `B${String(i).padStart(3, '0')}`);
const sandbox = await startSandboxServer({
  mode: what === 'run' ? 'always-open' : 'nyse',
  cash: '100000000',
  rateLimitPerMinute: what === 'run' ? 6000 : 1_000_000,
  latencyMs: what === 'run' ? 20 : 0,
  assets: symbols.map((symbol, i) => ({ symbol, price: `${10 + (i % 90)}.00` })),
});
if (what !== 'run') sandbox.control.setClock({ at: '2026-11-28T15:00:00Z' });
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
await admin.query('CREATE DATABASE prof');
await admin.end();
const databaseUrl = server.urlFor('prof');

async function startApp(flags) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...BACKEND_NODE_FLAGS, ...flags, join(backend, 'dist/main.js')],
    {
      env: {
        PATH: process.env.PATH,
        ...BACKEND_ENV,
        NODE_ENV: 'production',
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0',
        METRICS_TOKEN: 'bench-metrics-token',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        APP_ROLE: 'web',
        ALPACA_BASE_URL: sandbox.url,
        ALPACA_RATE_LIMIT_PER_MINUTE: what === 'run' ? '6000' : '60000',
        RECONCILE_POLL_MS: '100',
        TRADING_ENABLED: 'true',
        STRATEGY_TARGETS: symbols.map((s) => `${s}:0.002`).join(','),
        RISK_MAX_ORDER_NOTIONAL: '1000000',
        RISK_MAX_DAILY_NOTIONAL: '1000000000',
        RISK_MAX_POSITIONS: '1000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    const res = await fetch(`${url}/health/ready`).catch(() => null);
    if (res?.status === 200) break;
    await sleep(5);
  }
  return { child, url, ms: performance.now() - t0 };
}
const stop = async (child) => {
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
};

// Migrate, and the operator.
await stop((await startApp([])).child);
const created = spawn(
  process.execPath,
  [
    join(backend, 'dist/cli/main.js'),
    'admin:create',
    '--email',
    OPERATOR.email,
    '--role',
    'operator',
    '--password-stdin',
  ],
  {
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'ignore', 'inherit'],
  },
);
created.stdin.end(OPERATOR.password);
await new Promise((r) => created.on('exit', r));

const app = await startApp(['--cpu-prof', `--cpu-prof-dir=${out}`, '--cpu-prof-interval=200']);
console.log(`boot → ready ${app.ms.toFixed(0)} ms`);
const token = (
  await (
    await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OPERATOR),
    })
  ).json()
).accessToken;
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
if (what === 'status' || what === 'ready') {
  const r = await autocannon({
    url: `${app.url}${what === 'status' ? '/api/status' : '/health/ready'}`,
    connections: 50,
    duration: 5,
    headers,
  });
  console.log(`${r.requests.average} req/s, p99 ${r.latency.p99} ms`);
} else if (what === 'run') {
  const t0 = Date.now();
  const res = await fetch(`${app.url}/api/runs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ reason: 'profile' }),
  });
  await res.json();
  const first = Math.min(...sandbox.control.received.map((r) => r.at));
  console.log(`first POST after ${first - t0} ms; run ${Date.now() - t0} ms`);
  // The broker's view of the run: each request's arrival and answer, relative to POST /api/runs.
  const arrivals = sandbox.control.arrivals.filter((a) => a.at >= t0);
  const show = (a) =>
    console.log(
      `${String(a.at - t0).padStart(6)} ${String((a.answeredAt ?? a.at) - t0).padStart(6)}  ${a.route} ${a.status ?? ''}`,
    );
  const posts = arrivals.filter((a) => a.route === 'POST /v2/orders');
  arrivals.filter((a) => a.at <= posts[3].at).forEach(show);
  console.log('…');
  arrivals.filter((a) => a.at >= posts.at(-3).at).forEach(show);
  console.log(
    `answered at ${Date.now() - t0} ms; ${arrivals.length} requests, ${posts.length} POSTs`,
  );
}
await stop(app.child);
await sandbox.close();
await server.destroy();

const file = join(
  out,
  readdirSync(out).find((f) => f.endsWith('.cpuprofile')),
);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const self = new Map();
const total = profile.samples.length;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
for (const [id, n] of counts) {
  const f = byId.get(id).callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/.*node_modules\//, '').replace(/.*backend\//, '')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + n);
}
const byPackage = new Map();
for (const [id, n] of counts) {
  const url = byId.get(id).callFrame.url;
  const pkg = url.includes('node_modules/')
    ? url
        .replace(/.*node_modules\//, '')
        .split('/')
        .slice(0, url.includes('node_modules/@') ? 2 : 1)
        .join('/')
    : url.includes('/dist/')
      ? 'openbell'
      : url.startsWith('node:')
        ? url
        : url || byId.get(id).callFrame.functionName;
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
}
const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
console.log(`\n${file}: ${total} samples`);
console.log('\nby package (self):');
for (const [k, n] of top(byPackage, 20))
  console.log(`${((n / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
console.log('\nby function (self):');
for (const [k, n] of top(self, 30))
  console.log(`${((n / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
