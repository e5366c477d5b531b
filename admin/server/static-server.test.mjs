import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { negotiateEncoding, parseApiBaseUrl, startStaticServer } from './static-server.mjs';

const SERVER = fileURLToPath(new URL('./static-server.mjs', import.meta.url));
const INDEX = `<!doctype html><html><body><ob-root></ob-root>${' '.repeat(2000)}</body></html>`;
const MAIN_JS = `console.log("openbell");\n`.repeat(200);

/** A tiny dist/admin/browser: what `ng build` leaves, plus things that must not be served. */
function makeDist() {
  const dir = mkdtempSync(join(tmpdir(), 'admin-dist-'));
  mkdirSync(join(dir, 'media'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'main-ABCDEFGH.js'), MAIN_JS);
  // Angular's esbuild chunks use mixed-case hashes too.
  writeFileSync(join(dir, 'chunk-aB3xK9qZ.js'), MAIN_JS);
  writeFileSync(join(dir, 'runtime-settings.js'), MAIN_JS);
  writeFileSync(join(dir, 'styles-QRSTUVWX.css'), 'body{margin:0}');
  writeFileSync(join(dir, 'media', 'font-IJKLMNOP.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
  writeFileSync(join(dir, 'config.json'), '{"apiBaseUrl":"http://baked-in.test"}');
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  return dir;
}

/** Raw HTTP, so compressed bodies arrive as sent (fetch would decompress them). */
function get(url, { method = 'GET', headers = {}, agent } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('admin static server', () => {
  let dist;
  let admin;
  before(async () => {
    dist = makeDist();
    admin = await startStaticServer({
      root: dist,
      port: 0,
      host: '127.0.0.1',
      apiBaseUrl: 'https://api.example.com/',
    });
  });
  after(async () => {
    await admin?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers /health with 200 JSON, never cached', async () => {
    const res = await get(`${admin.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body.toString()), { status: 'ok' });
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal((await get(`${admin.url}/health`, { method: 'HEAD' })).status, 200);
  });

  it('serves config.json from its API base URL rather than the built file, never cached', async () => {
    const res = await get(`${admin.url}/config.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.deepEqual(JSON.parse(res.body.toString()), { apiBaseUrl: 'https://api.example.com' });
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('falls back to index.html for client routes, revalidated on every load', async () => {
    for (const path of ['/', '/status', '/runs/42', '/runs/42/']) {
      const res = await get(`${admin.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.body.toString(), INDEX, path);
      assert.match(res.headers['content-type'], /^text\/html/, path);
      assert.equal(res.headers['cache-control'], 'no-cache', path);
      assert.ok(res.headers.etag, path);
    }
  });

  it('answers a matching If-None-Match with 304', async () => {
    const { headers } = await get(`${admin.url}/status`);
    const res = await get(`${admin.url}/status`, { headers: { 'if-none-match': headers.etag } });
    assert.equal(res.status, 304);
    assert.equal(res.body.length, 0);
  });

  it('caches hashed build outputs for a year and revalidates other files', async () => {
    for (const path of [
      '/main-ABCDEFGH.js',
      '/chunk-aB3xK9qZ.js',
      '/styles-QRSTUVWX.css',
      '/media/font-IJKLMNOP.woff2',
    ]) {
      const res = await get(`${admin.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', path);
    }
    // A plain lower-case word after a dash is not a hash.
    assert.equal(
      (await get(`${admin.url}/runtime-settings.js`)).headers['cache-control'],
      'no-cache',
    );
    assert.match(
      (await get(`${admin.url}/main-ABCDEFGH.js`)).headers['content-type'],
      /javascript/,
    );
    assert.match(
      (await get(`${admin.url}/styles-QRSTUVWX.css`)).headers['content-type'],
      /text\/css/,
    );
    const robots = await get(`${admin.url}/robots.txt`);
    assert.equal(robots.headers['cache-control'], 'no-cache');
  });

  it('answers a missing asset with 404, never with index.html', async () => {
    const res = await get(`${admin.url}/chunk-GONE0000.js`);
    assert.equal(res.status, 404);
    assert.match(res.headers['content-type'], /^text\/plain/);
  });

  it('compresses text with brotli or gzip as the browser accepts', async () => {
    const br = await get(`${admin.url}/main-ABCDEFGH.js`, {
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'accept-encoding');
    assert.equal(Number(br.headers['content-length']), br.body.length);
    assert.ok(br.body.length < MAIN_JS.length / 10);
    assert.equal(brotliDecompressSync(br.body).toString(), MAIN_JS);

    const gz = await get(`${admin.url}/runs/1`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), INDEX);

    const plain = await get(`${admin.url}/main-ABCDEFGH.js`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), MAIN_JS);

    const small = await get(`${admin.url}/styles-QRSTUVWX.css`, {
      headers: { 'accept-encoding': 'br' },
    });
    assert.equal(small.headers['content-encoding'], undefined);
  });

  it('sends a CSP that lets the page talk to itself and the API origin only', async () => {
    for (const path of ['/', '/main-ABCDEFGH.js', '/config.json', '/nope.js']) {
      const res = await get(`${admin.url}${path}`);
      const csp = res.headers['content-security-policy'];
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      assert.equal(directives['connect-src'], "'self' https://api.example.com", path);
      assert.equal(directives['default-src'], "'self'", path);
      assert.equal(directives['script-src'], "'self'", path);
      assert.equal(directives['object-src'], "'none'", path);
      assert.equal(directives['frame-ancestors'], "'none'", path);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', path);
      assert.match(res.headers['strict-transport-security'], /max-age=\d+/, path);
    }
  });

  it('refuses traversal, dotfiles, other methods and malformed paths, and keeps serving', async () => {
    assert.equal((await get(`${admin.url}/..%2f..%2fetc%2fpasswd`)).status, 404);
    // The URL parser resolves encoded dot segments first: this is the client route /etc/passwd.
    assert.equal((await get(`${admin.url}/%2e%2e/%2e%2e/etc/passwd`)).body.toString(), INDEX);
    assert.equal((await get(`${admin.url}/.env`)).status, 404);
    const post = await get(`${admin.url}/`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    assert.equal((await get(`${admin.url}/%E0%A4%A`)).status, 400);
    assert.equal((await get(`${admin.url}/health`)).status, 200);
  });

  it('refuses to start without a built app or with a bad API URL', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'admin-empty-'));
    try {
      await assert.rejects(
        startStaticServer({ root: empty, port: 0, apiBaseUrl: 'https://api.example.com' }),
        /index\.html missing/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    await assert.rejects(
      startStaticServer({ root: dist, port: 0, apiBaseUrl: 'api.example.com' }),
      /apiBaseUrl must be an http\(s\) URL/,
    );
  });
});

describe('negotiateEncoding', () => {
  it('prefers brotli, then gzip, honouring q=0', () => {
    assert.equal(negotiateEncoding('gzip, deflate, br'), 'br');
    assert.equal(negotiateEncoding('br;q=0, gzip;q=0.8'), 'gzip');
    assert.equal(negotiateEncoding('*'), 'br');
    assert.equal(negotiateEncoding('identity'), undefined);
    assert.equal(negotiateEncoding(''), undefined);
    assert.equal(negotiateEncoding(undefined), undefined);
  });
});

describe('parseApiBaseUrl', () => {
  it('keeps a path prefix and drops trailing slashes', () => {
    assert.equal(parseApiBaseUrl('https://example.com/openbell/'), 'https://example.com/openbell');
  });
  it('names the variable in its error', () => {
    assert.throws(() => parseApiBaseUrl('ftp://x'), /API_BASE_URL must be an http\(s\) URL/);
    assert.throws(() => parseApiBaseUrl(''), /API_BASE_URL/);
  });
});

describe('static-server.mjs as a process (Railway start command)', () => {
  let dist;
  before(() => {
    dist = makeDist();
  });
  after(() => rmSync(dist, { recursive: true, force: true }));

  /** Starts the CLI with only the given environment; resolves once it logs its port. */
  function startProcess(env) {
    const child = spawn(process.execPath, [SERVER], {
      env: { PATH: process.env.PATH, ADMIN_DIST_DIR: dist, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const listening = new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const line = stdout.split('\n').find((l) => l.includes('"port"'));
        if (line) resolve(JSON.parse(line).port);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    listening.catch(() => {});
    return { child, listening, output: () => ({ stdout, stderr }) };
  }

  async function exitOf(child) {
    const [code] = child.exitCode === null ? await once(child, 'exit') : [child.exitCode];
    return code;
  }

  it('serves config.json from API_BASE_URL and drains on SIGTERM without waiting for idle keep-alives', async () => {
    const proc = startProcess({ API_BASE_URL: 'https://api.staging.example.com' });
    const port = await proc.listening;
    const agent = new Agent({ keepAlive: true });
    const res = await get(`http://127.0.0.1:${port}/config.json`, { agent });
    assert.deepEqual(JSON.parse(res.body.toString()), {
      apiBaseUrl: 'https://api.staging.example.com',
    });
    assert.match(
      res.headers['content-security-policy'],
      /connect-src 'self' https:\/\/api\.staging\.example\.com;/,
    );

    const started = Date.now();
    proc.child.kill('SIGTERM');
    assert.equal(await exitOf(proc.child), 0);
    assert.ok(Date.now() - started < 3000, 'an idle keep-alive connection held up shutdown');
    assert.match(proc.output().stdout, /admin stopped/);
    agent.destroy();
  });

  it('falls back to the built config.json when API_BASE_URL is unset', async () => {
    const proc = startProcess({});
    const port = await proc.listening;
    const res = await get(`http://127.0.0.1:${port}/config.json`);
    assert.deepEqual(JSON.parse(res.body.toString()), { apiBaseUrl: 'http://baked-in.test' });
    proc.child.kill('SIGTERM');
    assert.equal(await exitOf(proc.child), 0);
  });

  for (const [name, env, message] of [
    [
      'a bad API_BASE_URL',
      { API_BASE_URL: 'api.example.com' },
      /API_BASE_URL must be an http\(s\) URL/,
    ],
    [
      'a bad PORT',
      { API_BASE_URL: 'https://api.example.com', PORT: 'eighty' },
      /PORT must be an integer/,
    ],
    [
      'a missing build',
      { API_BASE_URL: 'https://api.example.com', ADMIN_DIST_DIR: '/nonexistent' },
      /index\.html missing/,
    ],
  ]) {
    it(`exits 1 with one clear message on ${name}`, async () => {
      const proc = startProcess(env);
      assert.equal(await exitOf(proc.child), 1);
      const { stderr } = proc.output();
      assert.match(JSON.parse(stderr.trim()).message, message);
    });
  }
});
