#!/usr/bin/env node
// Production server for the built admin SPA (Railway service `admin`). Plain node:http: static files
// with SPA fallback, long immutable caching for hashed assets, no caching for index.html and
// config.json, security headers with a CSP that lets the page talk to its API origin only, /health.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const HASHED = /-[A-Z0-9]{8,}\.(js|css|woff2|png|svg)$/;

export function securityHeaders(apiOrigin) {
  const csp = [
    "default-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}

/** Starts the server; resolves to {url, close}. */
export async function startStaticServer({ root, port = 4200, host = '0.0.0.0', apiBaseUrl }) {
  const base = resolve(root);
  const apiOrigin = new URL(apiBaseUrl).origin;
  const headers = securityHeaders(apiOrigin);
  const config = JSON.stringify({ apiBaseUrl: apiBaseUrl.replace(/\/+$/, '') });

  const send = (res, status, type, body, cache) => {
    res.writeHead(status, {
      ...headers,
      'content-type': type,
      'cache-control': cache,
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };

  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain', 'method not allowed', 'no-store');
    if (path === '/health')
      return send(res, 200, TYPES['.json'], JSON.stringify({ status: 'ok' }), 'no-store');
    if (path === '/config.json')
      return send(res, 200, TYPES['.json'], config, 'no-cache, no-store, must-revalidate');

    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep))
      return send(res, 400, 'text/plain', 'bad path', 'no-store');
    let target = file;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      // A deep link to a client-side route gets the app; a missing asset is a real 404.
      if (extname(path)) return send(res, 404, 'text/plain', 'not found', 'no-store');
      target = join(base, 'index.html');
    }
    const isIndex = target.endsWith('index.html');
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'cache-control': isIndex
        ? 'no-cache, no-store, must-revalidate'
        : HASHED.test(target)
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=300',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(target)
      .on('error', () => res.destroy())
      .pipe(res);
  });

  await new Promise((r) => server.listen(port, host, r));
  const { port: actual } = server.address();
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise((r) => {
        server.close(r);
        server.closeAllConnections();
      }),
    server,
  };
}

async function main() {
  const root =
    process.env.ADMIN_DIST_DIR || fileURLToPath(new URL('../dist/admin/browser', import.meta.url));
  const apiBaseUrl = process.env.API_BASE_URL || 'http://localhost:3000';
  const { server } = await startStaticServer({
    root,
    port: Number(process.env.PORT || 4200),
    apiBaseUrl,
  });
  console.log(
    JSON.stringify({
      level: 'info',
      message: `admin listening on port ${server.address().port} (API ${apiBaseUrl})`,
    }),
  );
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }
}

// No top-level await: the module is also imported (tests) through require(esm).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(
      JSON.stringify({ level: 'fatal', message: `admin server failed: ${error.message}` }),
    );
    process.exit(1);
  });
}
