import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import {
  buildOpenApiDocument,
  COMMITTED_OPENAPI_DOCUMENT,
} from '../../src/infra/http/openapi-document';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase } from '../support/database';

/**
 * The API serves a committed copy of its OpenAPI document (backend/openapi/openbell-api.json: boot
 * does not build it), and the admin's API types are generated from another committed copy
 * (admin/src/app/api/openapi.json → openapi.d.ts). This test builds the document from the code
 * (the controllers' and DTOs' decorators) and fails when either copy, or what /api/docs-json
 * serves, differs: the API cannot describe itself wrongly, and the admin cannot compile against an
 * API that no longer exists. OPENAPI_WRITE=1 rewrites both copies instead of comparing.
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

  it('matches admin/src/app/api/openapi.json and backend/openapi/openbell-api.json', async () => {
    const declared = canonical(buildOpenApiDocument(app.app));
    if (process.env.OPENAPI_WRITE === '1') {
      writeFileSync(COMMITTED, declared);
      writeFileSync(COMMITTED_OPENAPI_DOCUMENT, declared);
    }
    // Compared as data: the committed copies may be formatted by prettier (generate:api does that).
    for (const file of [COMMITTED, COMMITTED_OPENAPI_DOCUMENT]) {
      if (canonical(JSON.parse(readFileSync(file, 'utf8'))) !== declared) {
        throw new Error(
          `${file} differs from the document the code declares.\n` +
            `Regenerate both copies and the admin's types, then review the diff:\n  ${REGENERATE}`,
        );
      }
    }
    // What the API serves is the committed copy, i.e. what the code declares.
    const served = canonical((await request(app.url).get('/api/docs-json').expect(200)).body);
    expect(served).toBe(declared);
    expect(JSON.parse(declared)).toHaveProperty('paths./api/auth/login.post');
  });
});
