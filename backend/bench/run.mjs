#!/usr/bin/env node
// `npm run bench`: Openbell's performance figures, each beside a reference measured in the same run
// on the same machine (these machines are noisy; targets are ratios). See docs/architecture.md "Performance targets".
import autocannon from 'autocannon';
import { freePort, startTestPostgres } from '../test/pg-start.mjs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BACKEND_ENV, BACKEND_NODE_FLAGS } from '../runtime.mjs';

const backend = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(backend, 'dist/main.js');
const BARE = join(backend, 'dist-bench/bare-app.js');
const BOOTS = Number(process.env.BENCH_BOOTS || 5);
const DURATION = Number(process.env.BENCH_SECONDS || 10);
const rows = [];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid) =>
  Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

function row(measure, value, reference, ratio, target, ok) {
  rows.push({
    measure,
    openbell: value,
    reference,
    ratio,
    target,
    ok: ok === undefined ? '' : ok ? 'yes' : 'NO',
  });
}

async function waitReady(url, child, timeoutMs = 60_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await sleep(5);
  }
  throw new Error('not ready in time');
}

/** Starts a server process and returns {child, url, ms-to-ready}. */
async function start(kind, databaseUrl, extraEnv = {}) {
  const port = await freePort();
  const t0 = performance.now();
  const child =
    kind === 'openbell'
      ? spawn(process.execPath, [...BACKEND_NODE_FLAGS, MAIN], {
          env: {
            PATH: process.env.PATH,
            ...BACKEND_ENV,
            NODE_ENV: 'production',
            JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0',
            // Production requires a bearer token for /metrics.
            METRICS_TOKEN: 'bench-metrics-token',
            DATABASE_URL: databaseUrl,
            PORT: String(port),
            LOG_LEVEL: 'warn',
            ...extraEnv,
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        })
      : spawn(process.execPath, [BARE, databaseUrl, String(port)], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child);
  const ms = performance.now() - t0;
  return { child, url, ms };
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function load(url, path, connections = 50) {
  const result = await autocannon({ url: `${url}${path}`, connections, duration: DURATION });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const BENCH_OPERATOR = { email: 'bench@example.com', password: 'Bench-operator-pass-1' };

async function login(url) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_OPERATOR),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return (await res.json()).accessToken;
}

/** 500-order run against the sandbox (20 ms latency, 6,000/min), RSS after it, /api/status, pages over 100k orders. */
async function benchRunAndApi(databaseUrl, bareRss) {
  const sandboxModule = await import(join(backend, 'dist/sandbox/http-server.js'));
  const { startSandboxServer } = sandboxModule.default ?? sandboxModule;
  const symbols = Array.from({ length: 500 }, (_, i) => `B${String(i).padStart(3, '0')}`);
  const sandbox = await startSandboxServer({
    mode: 'always-open',
    latencyMs: 20,
    rateLimitPerMinute: 6000,
    cash: '100000000',
    assets: symbols.map((symbol, i) => ({ symbol, price: `${10 + (i % 90)}.00` })),
  });
  const cli = join(backend, 'dist/cli/main.js');
  const created = spawn(
    process.execPath,
    [
      cli,
      'admin:create',
      '--email',
      BENCH_OPERATOR.email,
      '--role',
      'operator',
      '--password-stdin',
    ],
    {
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
      stdio: ['pipe', 'ignore', 'inherit'],
    },
  );
  created.stdin.end(BENCH_OPERATOR.password);
  await new Promise((r) => created.on('exit', r));

  const env = {
    APP_ROLE: 'web',
    ALPACA_BASE_URL: sandbox.url,
    ALPACA_RATE_LIMIT_PER_MINUTE: '6000',
    TRADING_ENABLED: 'true',
    STRATEGY_TARGETS: symbols.map((s) => `${s}:0.002`).join(','),
    RISK_MAX_ORDER_NOTIONAL: '1000000',
    RISK_MAX_DAILY_NOTIONAL: '1000000000',
    RISK_MAX_POSITIONS: '1000',
    RECONCILE_POLL_MS: '100',
  };
  const app = await start('openbell', databaseUrl, env);
  try {
    const token = await login(app.url);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const t0 = performance.now();
    const res = await fetch(`${app.url}/api/runs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ reason: 'bench' }),
    });
    const wall = performance.now() - t0;
    const outcome = await res.json();
    const filled = outcome.run?.summary?.counts?.filled ?? 0;
    const bound = (500 / 6000) * 60_000;
    row(
      '500-order run (sandbox: 20 ms latency, 6,000/min)',
      `${(wall / 1000).toFixed(2)} s, ${filled} filled, ${sandbox.control.requests.filter((r) => r.status === 429).length} × 429`,
      `${(bound / 1000).toFixed(2)} s rate-limit bound`,
      (wall / bound).toFixed(2) + '×',
      '≤ 1.05×',
      wall / bound <= 1.05 && filled === 500,
    );
    const rssAfter = rssMb(app.child.pid);
    row(
      'RSS right after the 500-order run',
      `${rssAfter.toFixed(0)} MB`,
      `${bareRss.toFixed(0)} MB bare idle`,
      (rssAfter / bareRss).toFixed(2) + '×',
      '≤ 1.3×',
      rssAfter / bareRss <= 1.3,
    );
    // The same process once the run's garbage is collected and returned (V8 shrinks the heap when
    // allocation stops): what the service holds between runs.
    await sleep(5000);
    const rssSettled = rssMb(app.child.pid);
    row(
      'RSS 5 s after the 500-order run',
      `${rssSettled.toFixed(0)} MB`,
      `${bareRss.toFixed(0)} MB bare idle`,
      (rssSettled / bareRss).toFixed(2) + '×',
      '≤ 1.3×',
      rssSettled / bareRss <= 1.3,
    );

    const status = await autocannon({
      url: `${app.url}/api/status`,
      connections: 50,
      duration: DURATION,
      headers: { authorization: `Bearer ${token}` },
    });
    row(
      '/api/status, 50 connections',
      `${status.requests.average.toFixed(0)} req/s, p99 ${status.latency.p99} ms`,
      '—',
      '—',
      '≥ 3000 req/s, p99 < 30 ms',
      status.requests.average >= 3000 && status.latency.p99 < 30 && status.non2xx === 0,
    );

    // 100,000 orders in the table.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`
      INSERT INTO order_intent (run_id, trading_day, strategy, client_order_id, symbol, side, notional, status, created_at)
      SELECT (SELECT id FROM job_run LIMIT 1), DATE '2026-01-01' + (g / 400), 'bench', 'bench-' || g,
             'B' || lpad((g % 500)::text, 3, '0'), CASE WHEN g % 2 = 0 THEN 'buy' ELSE 'sell' END, 100 + g % 1000,
             (ARRAY['filled','canceled','rejected','expired'])[1 + g % 4], now() - make_interval(secs => g)
        FROM generate_series(1, ${100_000 - 500}) AS g`);
    await client.query(`
      INSERT INTO job_run (job, trading_day, status, trigger, owner, started_at, finished_at)
      SELECT 'bench', DATE '2020-01-01' + g, 'skipped', 'cron', 'bench', now() - make_interval(days => g), now() FROM generate_series(1, 2000) AS g`);
    await client.query('ANALYZE');
    const total = (await client.query('SELECT count(*)::int AS n FROM order_intent')).rows[0].n;
    await client.end();
    for (const [name, path] of [
      ['/api/orders page', '/api/orders?limit=50'],
      ['/api/orders?status=rejected page', '/api/orders?limit=50&status=rejected'],
      ['/api/orders?symbol=B042 page', '/api/orders?limit=50&symbol=B042'],
      ['/api/runs page', '/api/runs?limit=50'],
    ]) {
      // Repeated requests one at a time: the page's own latency, not queueing on a 2-core box.
      const r = await autocannon({
        url: `${app.url}${path}`,
        connections: 1,
        duration: Math.max(3, DURATION / 2),
        headers: { authorization: `Bearer ${token}` },
      });
      row(
        `${name}, ${total.toLocaleString('en-US')} orders (sequential)`,
        `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms (${r.requests.average.toFixed(0)} req/s)`,
        '—',
        '—',
        'p99 < 20 ms',
        r.latency.p99 < 20 && r.non2xx === 0,
      );
    }
  } finally {
    await stop(app.child);
    await sandbox.close();
  }
}

async function main() {
  const server = await startTestPostgres({ password: 'bench', maxConnections: 200 });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE openbell_bench');
  await admin.end();
  const databaseUrl = server.urlFor('openbell_bench');
  // As in production, the broker is another host (here a sandbox in this process), so the timed
  // boots do not include starting the bundled sandbox that local runs without keys get. Its clock
  // stands on a Saturday: the scheduler loads, but no boot catches up a run (which would also use
  // up the trading day the 500-order run below needs).
  const sandboxModule = await import(join(backend, 'dist/sandbox/http-server.js'));
  const broker = await (sandboxModule.default ?? sandboxModule).startSandboxServer({
    mode: 'nyse',
  });
  broker.control.setClock({ at: '2026-11-28T15:00:00Z' });
  const withBroker = { ALPACA_BASE_URL: broker.url };

  try {
    // Initialise the database once (migrations), so the timed boots find it ready.
    await stop((await start('openbell', databaseUrl, withBroker)).child);

    // 1. Boot to ready, median of BOOTS boots each, interleaved so drift hits both alike.
    const bootOpenbell = [];
    const bootBare = [];
    for (let i = 0; i < BOOTS; i++) {
      const o = await start('openbell', databaseUrl, withBroker);
      bootOpenbell.push(o.ms);
      await stop(o.child);
      const b = await start('bare', databaseUrl);
      bootBare.push(b.ms);
      await stop(b.child);
    }
    const bo = median(bootOpenbell);
    const bb = median(bootBare);
    row(
      `boot → /health/ready 200 (median of ${BOOTS})`,
      `${bo.toFixed(0)} ms`,
      `${bb.toFixed(0)} ms bare`,
      (bo / bb).toFixed(2) + '×',
      '≤ 1.5×',
      bo / bb <= 1.5,
    );

    // 2. Idle RSS and readiness under load.
    const o = await start('openbell', databaseUrl, withBroker);
    const b = await start('bare', databaseUrl);
    await sleep(3000);
    const rssO = rssMb(o.child.pid);
    const rssB = rssMb(b.child.pid);
    row(
      'RSS idle',
      `${rssO.toFixed(0)} MB`,
      `${rssB.toFixed(0)} MB bare`,
      (rssO / rssB).toFixed(2) + '×',
      '≤ 1.3×',
      rssO / rssB <= 1.3,
    );

    const lb = await load(b.url, '/health/ready');
    const lo = await load(o.url, '/health/ready');
    row(
      '/health/ready, 50 connections',
      `${lo.rps.toFixed(0)} req/s, p99 ${lo.p99} ms`,
      `${lb.rps.toFixed(0)} req/s, p99 ${lb.p99} ms bare (DB ping per request)`,
      (lo.rps / lb.rps).toFixed(2) + '×',
      '≥ 2× throughput',
      lo.rps / lb.rps >= 2 && lo.errors === 0,
    );

    // 3. A stopped database turns readiness 503 within 2 s.
    await stop(b.child);
    await server.stop();
    const t0 = Date.now();
    let turned = null;
    while (Date.now() - t0 < 10_000) {
      const res = await fetch(`${o.url}/health/ready`).catch(() => null);
      if (res?.status === 503) {
        turned = Date.now() - t0;
        break;
      }
      await sleep(20);
    }
    row(
      'database stopped → /health/ready 503',
      turned === null ? 'never (10 s)' : `${turned} ms`,
      '—',
      '—',
      '≤ 2000 ms',
      turned !== null && turned <= 2000,
    );
    await server.start();
    await stop(o.child);

    await benchRunAndApi(databaseUrl, rssB);
  } finally {
    await broker.close();
    await server.destroy();
  }

  console.log('');
  console.table(rows);
  const failed = rows.filter((r) => r.ok === 'NO');
  console.log(
    failed.length
      ? `${failed.length} target(s) missed: ${failed.map((r) => r.measure).join('; ')}`
      : 'all targets met',
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
