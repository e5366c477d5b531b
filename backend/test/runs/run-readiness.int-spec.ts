/**
 * What a run finds ready when it starts: the database connections it uses at once (opened after
 * boot and kept), sessions that plan by index on SSD costs, and time-ordered ids for its rows.
 */
import type { Pool } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { DailyRunService } from '../../src/trading/daily-run.service';
import { RUN_CONNECTIONS } from '../../src/trading/warm-connections';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';

describe('what a run finds ready', () => {
  let sandbox: RunningSandbox;
  let app: TestApp | undefined;
  let url: string;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' }); // Monday 10:00 New York
    url = await createMigratedDatabase('ready_run');
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      TRADING_ENABLED: 'true',
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
      RECONCILE_POLL_MS: '50',
    });
  });
  afterAll(async () => {
    await app?.shutdown();
    await sandbox.close();
  });

  it("the run's connections are open right after boot, without any request", async () => {
    const database = new URL(url).pathname.slice(1);
    await waitFor(async () => {
      const [row] = await query<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'openbell-web'`,
        [database],
      );
      return row.n >= RUN_CONNECTIONS;
    });
  });

  it("the service's sessions cost random page reads as on SSD storage", async () => {
    const [row] = await app!.app
      .get(DataSource)
      .query(`SELECT current_setting('random_page_cost') AS cost`);
    expect(row.cost).toBe('1.1');
  });

  it("a run's rows get time-ordered ids (UUID version 7)", async () => {
    const outcome = await app!.app.get(DailyRunService).attempt({ trigger: 'manual' });
    expect(outcome.status).toBe('succeeded');
    const versions = await query<{ version: number; n: number }>(
      url,
      `SELECT uuid_extract_version(id) AS version, count(*)::int AS n FROM order_intent GROUP BY 1
       UNION ALL SELECT uuid_extract_version(id), count(*)::int FROM job_run GROUP BY 1`,
    );
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) expect(v.version).toBe(7);
  });
});

describe('a database connection the server ends', () => {
  it('is dropped, never an uncaught exception, and readiness stays up', async () => {
    const url = await createMigratedDatabase('ended_conn');
    const app = await bootTestApp(url, { APP_ROLE: 'web' });
    try {
      // A client checked out of the pool and idle (no query running): neither TypeORM's nor the
      // pool's error listener is on it. The server ends its backend.
      const pool = (app.app.get(DataSource).driver as unknown as { master: Pool }).master;
      const client = await pool.connect();
      const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows as {
        pid: number;
      }[];
      // The service's own listener (infra/database/client-errors.ts): without it, none.
      expect(client.listenerCount('error')).toBe(1);
      console.log('listeners', client.listenerCount('error'));
      const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
      await query(url, 'SELECT pg_terminate_backend($1)', [pid]);
      await ended;
      client.release(true);
      await request(app.url).get('/health/ready').expect(200);
    } finally {
      await app.shutdown();
    }
  });
});
