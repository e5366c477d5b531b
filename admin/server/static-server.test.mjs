import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startStaticServer } from './static-server.mjs';

describe('admin static server', () => {
  let dir;
  let server;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'admin-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<html>app</html>');
    writeFileSync(join(dir, 'main-ABCDEFGH.js'), 'console.log(1)');
    writeFileSync(join(dir, 'config.json'), '{"apiBaseUrl":"http://baked-in"}');
    server = await startStaticServer({
      root: dir,
      port: 0,
      host: '127.0.0.1',
      apiBaseUrl: 'https://api.example.com/',
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /health', async () => {
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('serves config.json from the environment, never cached', async () => {
    const res = await fetch(`${server.url}/config.json`);
    assert.deepEqual(await res.json(), { apiBaseUrl: 'https://api.example.com' });
    assert.match(res.headers.get('cache-control'), /no-store/);
  });

  it('falls back to index.html for client routes, uncached', async () => {
    const res = await fetch(`${server.url}/runs/123`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '<html>app</html>');
    assert.match(res.headers.get('cache-control'), /no-cache/);
  });

  it('caches hashed assets forever and 404s missing ones', async () => {
    const res = await fetch(`${server.url}/main-ABCDEFGH.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(res.headers.get('content-type'), /javascript/);
    assert.equal((await fetch(`${server.url}/main-MISSING0.js`)).status, 404);
  });

  it('sends a CSP that allows only itself and the API origin', async () => {
    const res = await fetch(`${server.url}/`);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /connect-src 'self' https:\/\/api\.example\.com;/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  it('refuses path traversal and other methods', async () => {
    const traversal = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
    assert.ok([400, 404].includes(traversal.status));
    assert.equal((await fetch(`${server.url}/`, { method: 'POST' })).status, 405);
  });
});
