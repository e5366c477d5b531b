import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase } from '../support/database';

/**
 * The admin's API types are generated from a committed copy of this app's OpenAPI document
 * (admin/src/app/api/openapi.json → openapi.d.ts). This test fails when the live document and the
 * committed copy differ, so the admin cannot compile against an API that no longer exists.
 * OPENAPI_WRITE=1 rewrites the committed copy instead of comparing.
 */
const COMMITTED = join(__dirname, '../../../admin/src/app/api/openapi.json');
const REGENERATE =
  'OPENAPI_WRITE=1 npm test -w backend -- test/api/openapi-drift.int-spec.ts && npm run generate:api -w admin';

/** Stable text: keys sorted at every level, two-space indent, trailing newline (prettier-compatible). */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as Record<string, unknown>)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

describe('OpenAPI document used by the admin', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    const url = await createMigratedDatabase('openapi');
    app = await bootTestApp(url, { APP_ROLE: 'web', ALPACA_BASE_URL: sandbox.url });
  });
  afterAll(async () => {
    await app?.shutdown();
    await sandbox?.close();
  });

  it('matches admin/src/app/api/openapi.json', async () => {
    const live = canonical((await request(app.url).get('/api/docs-json').expect(200)).body);
    if (process.env.OPENAPI_WRITE === '1') writeFileSync(COMMITTED, live);
    // Compared as data: the committed copy may be formatted by prettier (generate:api does that).
    const committed = readFileSync(COMMITTED, 'utf8');
    if (canonical(JSON.parse(committed)) !== live) {
      throw new Error(
        `admin/src/app/api/openapi.json differs from the API's live document (/api/docs-json).\n` +
          `Regenerate it and the admin's types, then review the diff:\n  ${REGENERATE}`,
      );
    }
    expect(JSON.parse(committed)).toHaveProperty('paths./api/auth/login.post');
  });
});
