import { setTimeout as sleep } from 'node:timers/promises';
import { MIGRATIONS } from '../../src/infra/database/migrations';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestPostgres, type TestPostgres } from '../pg-start.mjs';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { createMigratedDatabase } from '../support/database';

describe('health endpoints', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootTestApp(await createMigratedDatabase('health'));
  });
  afterAll(() => app.shutdown('test done'));

  it('/health/live answers 200 without checking anything', async () => {
    const res = await request(app.url).get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('/health/ready reports database, migrations and scheduler', async () => {
    const res = await request(app.url).get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database).toMatchObject({
      status: 'up',
      migrations: MIGRATIONS.length,
    });
    expect(res.body.details.scheduler).toMatchObject({ status: 'up', cron: '30 13,14 * * 1-5' });
    expect(res.body.details.process).toMatchObject({ status: 'up' });
  });

  it('/health/broker reports the broker (the bundled sandbox here) with latency and account status', async () => {
    const res = await request(app.url).get('/health/broker').expect(200);
    expect(res.body.details.broker).toMatchObject({
      status: 'up',
      accountStatus: 'ACTIVE',
      tradingBlocked: false,
    });
    expect(typeof res.body.details.broker.latencyMs).toBe('number');
  });

  it('/health/database pings the database', async () => {
    const res = await request(app.url).get('/health/database').expect(200);
    expect(res.body.details.database.status).toBe('up');
  });

  it('concurrent readiness probes share one database round trip', async () => {
    await sleep(600); // let the cached answer expire
    const dataSource = app.app.get(DataSource);
    const queries = jest.spyOn(dataSource, 'query');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => request(app.url).get('/health/ready')),
    );
    expect(answers.every((res) => res.status === 200)).toBe(true);
    expect(queries).toHaveBeenCalledTimes(1);
    queries.mockRestore();
  });
});

describe('readiness by role', () => {
  it('a web replica needs no scheduler; a worker registers one', async () => {
    const url = await createMigratedDatabase('role');
    const web = await bootTestApp(url, { APP_ROLE: 'web' });
    const worker = await bootTestApp(url, { APP_ROLE: 'worker' });
    try {
      const webReady = await request(web.url).get('/health/ready').expect(200);
      expect(webReady.body.details.scheduler).toMatchObject({ status: 'up', required: false });
      const workerReady = await request(worker.url).get('/health/ready').expect(200);
      expect(workerReady.body.details.scheduler).toMatchObject({
        status: 'up',
        cron: '30 13,14 * * 1-5',
      });
    } finally {
      await Promise.all([web.shutdown(), worker.shutdown()]);
    }
  });
});

describe('readiness follows the database', () => {
  // A PostgreSQL server of this test's own, so it can be stopped and started again.
  let pg: TestPostgres;
  let app: TestApp;

  beforeAll(async () => {
    pg = await startTestPostgres();
    app = await bootTestApp(pg.url);
  });
  afterAll(async () => {
    await app?.shutdown();
    await pg?.destroy();
  });

  it('turns 503 within 2 s when the database stops and 200 again when it returns', async () => {
    await request(app.url).get('/health/ready').expect(200);
    await pg.stop();
    const stoppedAt = Date.now();
    await waitFor(async () => (await request(app.url).get('/health/ready')).status === 503, 5000);
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    const down = await request(app.url).get('/health/ready');
    expect(down.body.status).toBe('error');
    expect(down.body.error.database.status).toBe('down');

    await pg.start();
    await waitFor(async () => (await request(app.url).get('/health/ready')).status === 200, 10_000);
  });
});

describe('graceful shutdown', () => {
  it('readiness reports shutting down before the server closes', async () => {
    const app = await bootTestApp(await createMigratedDatabase('shutdown'));
    await request(app.url).get('/health/ready').expect(200);
    app.lifecycle.beginShutdown();
    const res = await request(app.url).get('/health/ready').expect(503);
    expect(res.body.error.process).toEqual({ status: 'down', message: 'shutting down' });
    await request(app.url).get('/health/live').expect(200);
    await app.shutdown();
    await expect(request(app.url).get('/health/live')).rejects.toThrow(/ECONNREFUSED/);
  });
});
