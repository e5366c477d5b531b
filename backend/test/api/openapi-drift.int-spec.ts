import { readFileSync, writeFileSync } from 'node:fs';
import request from 'supertest';
import {
  buildOpenApiDocument,
  COMMITTED_OPENAPI_DOCUMENT,
} from '../../src/infra/http/openapi-document';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase } from '../support/database';

/**
 * The API serves the committed copy of its OpenAPI document (backend/openapi/openbell-api.json: boot
 * does not build it), and the admin's API types are generated from the same file (→
 * admin/src/app/api/openapi.d.ts). This test builds the document from the code (the controllers'
 * and DTOs' decorators) and fails when the committed copy, or what /api/docs-json serves, differs:
 * the API cannot describe itself wrongly, and the admin cannot compile against an API that no
 * longer exists. OPENAPI_WRITE=1 rewrites the copy instead of comparing.
 */
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

  it('matches backend/openapi/openbell-api.json', async () => {
    const declared = canonical(buildOpenApiDocument(app.app));
    if (process.env.OPENAPI_WRITE === '1') writeFileSync(COMMITTED_OPENAPI_DOCUMENT, declared);
    // Compared as data: the committed copy may be formatted by prettier.
    if (canonical(JSON.parse(readFileSync(COMMITTED_OPENAPI_DOCUMENT, 'utf8'))) !== declared) {
      throw new Error(
        `${COMMITTED_OPENAPI_DOCUMENT} differs from the document the code declares.\n` +
          `Regenerate it and the admin's types, then review the diff:\n  ${REGENERATE}`,
      );
    }
    // What the API serves is the committed copy, i.e. what the code declares.
    const served = canonical((await request(app.url).get('/api/docs-json').expect(200)).body);
    expect(served).toBe(declared);
    expect(JSON.parse(declared)).toHaveProperty('paths./api/auth/login.post');
  });
});
