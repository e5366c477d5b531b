import request from 'supertest';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase } from '../support/database';

const JWT_SECRET = 'jwt-secret-that-must-never-be-logged-0123456789';

describe('request logging', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootTestApp(await createMigratedDatabase('logs'), {
      JWT_SECRET,
      METRICS_TOKEN: 'metrics-token-secret',
    });
  });
  afterAll(() => app.shutdown());

  it('generates the request id, keeps the caller’s as a correlation id, and redacts credentials and secret values', async () => {
    const res = await request(app.url)
      .get(`/api/nothing-here?token=${JWT_SECRET}`)
      .set('x-request-id', 'req-abc-123')
      .set('authorization', `Bearer ${JWT_SECRET}`)
      .set('cookie', 'session=metrics-token-secret');
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-correlation-id']).toBe('req-abc-123');
    const line = app.logs.records.find((r) => (r.req as { id?: string } | undefined)?.id === id);
    expect(line).toBeDefined();
    expect(line).toMatchObject({ level: 'warn', requestId: id, correlationId: 'req-abc-123' });
    expect(typeof line!.message).toBe('string');
    const all = app.logs.lines.join('\n');
    expect(all).not.toContain(JWT_SECRET);
    expect(all).not.toContain('metrics-token-secret');
    expect(all).toContain('[redacted]');
  });

  it("keeps Railway's request id as the correlation id; the request id is always generated", async () => {
    const railway = await request(app.url).get('/nope').set('x-railway-request-id', 'rw-42');
    expect(railway.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(railway.headers['x-correlation-id']).toBe('rw-42');
    const generated = await request(app.url).get('/nope');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const injected = await request(app.url)
      .get('/nope')
      .set('x-request-id', 'bad id with spaces; and {braces}');
    expect(injected.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(injected.headers['x-correlation-id']).toBeUndefined();
  });

  it('does not log health probes', async () => {
    const before = app.logs.lines.length;
    await request(app.url).get('/health/ready').expect(200);
    await request(app.url).get('/health/live').expect(200);
    const added = app.logs.lines.slice(before).join('\n');
    expect(added).not.toContain('/health/');
  });
});
