import request from 'supertest';
import { startTestPostgres, type TestPostgres } from '../pg-start.mjs';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { createMigratedDatabase } from '../support/database';

/** Headers that differ between any two answers (time, ids, connection handling, length). */
const PER_ANSWER = new Set(['date', 'x-request-id', 'content-length', 'connection', 'keep-alive']);
const stableHeaders = (headers: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !PER_ANSWER.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
/** The terminus body without the per-check timing fields. */
const stableBody = (body: unknown) =>
  JSON.parse(
    JSON.stringify(body, (key, value: unknown) =>
      key === 'responseTime' || key === 'cachedResponse' ? undefined : value,
    ),
  ) as unknown;

/** Counts the requests that reach express (the full pipeline). */
function countPipeline(app: TestApp): { readonly count: number; restore(): void } {
  // express's request entry (every request the application's listener gets goes through it).
  const express = app.app.getHttpAdapter().getInstance() as {
    handle: (...args: unknown[]) => void;
  };
  const handle = jest.spyOn(express, 'handle');
  return {
    get count() {
      return handle.mock.calls.length;
    },
    restore: () => handle.mockRestore(),
  };
}

describe('probes answered ahead of the request pipeline', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootTestApp(await createMigratedDatabase('fast_probes'));
  });
  afterAll(() => app?.shutdown());

  it.each(['/health/live', '/health/ready'])(
    '%s answers what the full pipeline answers (status, headers, terminus JSON), without entering it',
    async (path) => {
      const pipeline = countPipeline(app);
      try {
        const fast = await request(app.url).get(path).expect(200);
        expect(pipeline.count).toBe(0);
        // A query string takes the full pipeline (express, Nest's router, the controller).
        const full = await request(app.url).get(`${path}?via=pipeline`).expect(200);
        expect(pipeline.count).toBe(1);
        expect(stableHeaders(fast.headers)).toEqual(stableHeaders(full.headers));
        expect(stableBody(fast.body)).toEqual(stableBody(full.body));
        expect(fast.headers['x-content-type-options']).toBe('nosniff');
        expect(fast.headers['x-powered-by']).toBeUndefined();
        expect(fast.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
      } finally {
        pipeline.restore();
      }
    },
  );

  it('HEAD answers the headers alone', async () => {
    const res = await request(app.url).head('/health/ready').expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text ?? '').toBe('');
  });

  it('a browser request (Origin) keeps the pipeline and its CORS answer', async () => {
    const pipeline = countPipeline(app);
    try {
      const res = await request(app.url)
        .get('/health/ready')
        .set('origin', 'http://localhost:4200')
        .expect(200);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:4200');
      expect(pipeline.count).toBe(1);
    } finally {
      pipeline.restore();
    }
  });

  it('other routes still go through the pipeline', async () => {
    const pipeline = countPipeline(app);
    try {
      await request(app.url).get('/health/database').expect(200);
      await request(app.url).post('/health/ready').expect(404);
      expect(pipeline.count).toBe(2);
    } finally {
      pipeline.restore();
    }
  });
});

describe('the fast readiness answer turns 503', () => {
  it('as soon as shutdown begins, the same JSON as the pipeline, with a request id', async () => {
    const app = await bootTestApp(await createMigratedDatabase('fast_shutdown'));
    try {
      await request(app.url).get('/health/ready').expect(200);
      app.lifecycle.beginShutdown();
      const pipeline = countPipeline(app);
      const fast = await request(app.url).get('/health/ready').expect(503);
      expect(pipeline.count).toBe(0);
      pipeline.restore();
      expect(fast.body.error.process).toEqual({ status: 'down', message: 'shutting down' });
      expect(fast.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const full = await request(app.url).get('/health/ready?via=pipeline').expect(503);
      expect(stableHeaders(fast.headers)).toEqual(stableHeaders(full.headers));
      expect(stableBody(fast.body)).toEqual(stableBody(full.body));
    } finally {
      await app.shutdown();
    }
  });

  describe('when the database stops', () => {
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

    it('within 2 s, without entering the pipeline, and 200 again when it returns', async () => {
      const pipeline = countPipeline(app);
      try {
        await request(app.url).get('/health/ready').expect(200);
        await pg.stop();
        const stoppedAt = Date.now();
        await waitFor(
          async () => (await request(app.url).get('/health/ready')).status === 503,
          5000,
          20,
        );
        expect(Date.now() - stoppedAt).toBeLessThan(2000);
        const down = await request(app.url).get('/health/ready').expect(503);
        expect(down.body).toMatchObject({
          status: 'error',
          error: { database: { status: 'down', message: 'database unreachable' } },
        });
        expect(pipeline.count).toBe(0);
        await pg.start();
        await waitFor(
          async () => (await request(app.url).get('/health/ready')).status === 200,
          10_000,
        );
      } finally {
        pipeline.restore();
      }
    });
  });
});
