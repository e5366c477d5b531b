import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStaticServer } from '../../../admin/server/static-server.mjs';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase } from '../support/database';
import { runNode } from '../support/process';

const SMOKE = resolve(__dirname, '../../../.github/scripts/smoke-check.mjs');
const SHA = '0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5';

/**
 * The deploy workflow's post-deploy checks (.github/scripts/smoke-check.mjs), run against the real
 * backend and the real admin static server on 127.0.0.1: they pass on a healthy environment and
 * fail naming the check that does not hold.
 */
describe('post-deploy smoke checks', () => {
  let app: TestApp;
  let root: string;
  const admins: Awaited<ReturnType<typeof startStaticServer>>[] = [];

  beforeAll(async () => {
    app = await bootTestApp(await createMigratedDatabase('smoke'), {
      APP_ROLE: 'all',
      RAILWAY_GIT_COMMIT_SHA: SHA,
    });
    root = mkdtempSync(join(tmpdir(), 'openbell-admin-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Openbell</title>');
  });
  afterAll(async () => {
    for (const admin of admins) admin.server.closeAllConnections();
    await Promise.all(admins.map((admin) => admin.close()));
    await app.shutdown();
    rmSync(root, { recursive: true, force: true });
  });

  const adminFor = async (apiBaseUrl: string) => {
    const admin = await startStaticServer({ root, port: 0, host: '127.0.0.1', apiBaseUrl });
    admins.push(admin);
    return admin.url;
  };
  const smoke = (args: Record<string, string>) =>
    runNode(
      SMOKE,
      [...Object.entries(args).flatMap(([k, v]) => [`--${k}`, v]), '--timeout', '0'],
      {},
    );

  it('passes when api, worker and admin are healthy, the admin points at the API and the API runs the commit', async () => {
    const result = await smoke({
      api: app.url,
      worker: app.url,
      admin: await adminFor(app.url),
      commit: SHA,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^ok {2}/gm)).toHaveLength(5);
  });

  it('fails naming the version check when the API runs another commit', async () => {
    const result = await smoke({
      api: app.url,
      worker: app.url,
      admin: await adminFor(app.url),
      commit: 'ffffffffffffffffffffffffffffffffffffffff',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `::error title=deploy check failed: api ${app.url}/api/version reports commit ffffffffffffffffffffffffffffffffffffffff`,
    );
    expect(result.stdout).toContain(`the API runs commit "${SHA}" (railway)`);
  });

  it("fails naming the admin's config.json when it points at another environment's API", async () => {
    const result = await smoke({
      api: app.url,
      worker: app.url,
      admin: await adminFor('https://api-staging.example.com'),
      commit: SHA,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FAILED admin .*\/config\.json points at/);
    expect(result.stderr).toContain('apiBaseUrl is "https://api-staging.example.com"');
  });

  it('fails naming the worker when its readiness does not answer', async () => {
    const result = await smoke({
      api: app.url,
      worker: 'http://127.0.0.1:9',
      admin: await adminFor(app.url),
      commit: SHA,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('FAILED worker http://127.0.0.1:9/health/ready is 200');
  });

  it('refuses a commit argument that is not a hash', async () => {
    const result = await smoke({ api: app.url, worker: app.url, admin: app.url, commit: 'main' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('FAILED arguments: --commit must be a commit hash');
  });
});
