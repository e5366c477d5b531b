#!/usr/bin/env node
// Production server for the built admin SPA: Railway's `admin` service, and `npm start` locally.
// Plain node:http, because the job is small and every rule is visible here:
//   - files from dist/admin/browser; a path without an extension falls back to index.html (client
//     routes such as /runs/42), a missing file with an extension is a real 404;
//   - hashed build outputs are cached for a year (immutable); index.html and other files are
//     revalidated on every load (ETag); config.json and /health are never stored;
//   - config.json is written from API_BASE_URL, so one build serves every environment;
//   - security headers, with a CSP whose connect-src allows this origin and the API origin only;
//   - brotli/gzip for text, so the transfer size the budget talks about is what browsers receive;
//   - /health answers 200 for Railway's deploy gate; SIGTERM drains, then exits.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

export const DEFAULT_PORT = 4200;
/** Below the admin service's drainingSeconds (10 s in .railway/railway.ts). */
export const SHUTDOWN_GRACE_MS = 8_000;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);
/** Smaller bodies gain nothing from compression. */
const MIN_COMPRESS_BYTES = 1024;
/**
 * Angular's output hashing: main-KUBBK6WA.js, chunk-3WMJQTM3.js, styles-P2CTUOWE.css,
 * media/x-….woff2 — and mixed-case hashes (chunk-aB3xK9qZ.js). At least one upper-case letter or
 * digit, so a plain lower-case word after a dash (runtime-settings.js) is not taken for a hash.
 */
const HASHED = /-(?=[A-Za-z0-9]*[A-Z0-9])[A-Za-z0-9]{8,}\.[a-z0-9]+$/;

const CACHE = {
  immutable: 'public, max-age=31536000, immutable',
  revalidate: 'no-cache',
  never: 'no-store',
};

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** Compresses as this server sends it (also used by bundle-size.mjs to report transfer sizes). */
export const COMPRESSORS = {
  br: (body) =>
    brotli(body, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
        [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: (body) => gzipAsync(body, { level: 9 }),
};

/**
 * Validates the API's base URL (API_BASE_URL, or the built config.json); returns it without a
 * trailing slash. Throws an Error naming `source` and the problem.
 */
export function parseApiBaseUrl(value, source = 'API_BASE_URL') {
  let url;
  try {
    url = new URL(String(value ?? '').trim());
  } catch {
    throw new Error(`${source} must be an http(s) URL such as https://api.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${source} must be an http(s) URL (got ${url.protocol})`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`${source} must not carry a query, fragment or credentials`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export function contentSecurityPolicy(apiOrigin) {
  return [
    "default-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "script-src 'self'",
    // Angular inserts component styles as <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Angular creates no script from strings outside these policies (angular.dev/best-practices/security).
    "require-trusted-types-for 'script'",
    'trusted-types angular angular#bundler',
  ].join('; ');
}

export function securityHeaders(apiOrigin) {
  return {
    'content-security-policy': contentSecurityPolicy(apiOrigin),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}

/** The encoding to send for an Accept-Encoding header: br, then gzip, else none. */
export function negotiateEncoding(acceptEncoding = '') {
  const accepted = new Map();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (!coding) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(coding, q ? Number(q.slice(2)) : 1);
  }
  const acceptable = (coding) => (accepted.get(coding) ?? accepted.get('*') ?? 0) > 0;
  if (acceptable('br')) return 'br';
  if (acceptable('gzip')) return 'gzip';
  return undefined;
}

/**
 * Starts the server; resolves once it listens. Throws when root has no index.html or apiBaseUrl is
 * invalid, so a broken deploy fails at boot rather than on the first visit.
 */
export async function startStaticServer({
  root,
  port = DEFAULT_PORT,
  host,
  apiBaseUrl,
  log = () => {},
}) {
  const base = resolve(root);
  const api = parseApiBaseUrl(apiBaseUrl, 'apiBaseUrl');
  const headers = securityHeaders(new URL(api).origin);
  const configBody = Buffer.from(JSON.stringify({ apiBaseUrl: api }));
  const indexPath = join(base, 'index.html');
  const indexInfo = await stat(indexPath).catch(() => null);
  if (!indexInfo?.isFile()) {
    throw new Error(`no built admin at ${base} (index.html missing): run npm run build -w admin`);
  }

  // Build outputs do not change while the server runs; the key includes mtime and size so a
  // local rebuild is still picked up.
  const files = new Map();
  const load = (path, info) => {
    const key = `${path}:${info.mtimeMs}:${info.size}`;
    let entry = files.get(path);
    if (entry?.key !== key) {
      const body = readFile(path).catch((error) => {
        files.delete(path); // the next request reads again
        throw error;
      });
      body.catch(() => {}); // awaited by the request that needs it; never an unhandled rejection
      entry = {
        key,
        body,
        etag: `"${createHash('sha1').update(key).digest('base64url').slice(0, 16)}"`,
        encoded: new Map(),
      };
      files.set(path, entry);
    }
    return entry;
  };
  const encodedBody = (entry, encoding) => {
    let encoded = entry.encoded.get(encoding);
    if (!encoded) {
      encoded = entry.body.then((body) => COMPRESSORS[encoding](body));
      encoded.catch(() => entry.encoded.delete(encoding));
      entry.encoded.set(encoding, encoded);
    }
    return encoded;
  };

  const sendText = (req, res, status, type, body, cacheControl, extra = {}) => {
    const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body);
    res.writeHead(status, {
      ...headers,
      'content-type': type,
      'cache-control': cacheControl,
      'content-length': buffer.length,
      ...extra,
    });
    res.end(req.method === 'HEAD' ? undefined : buffer);
  };

  const sendFile = async (req, res, path, info, cacheControl) => {
    const ext = extname(path);
    const entry = load(path, info);
    const common = {
      ...headers,
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': cacheControl,
      etag: entry.etag,
      vary: 'accept-encoding',
    };
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, common);
      return res.end();
    }
    const encoding =
      COMPRESSIBLE.has(ext) && info.size >= MIN_COMPRESS_BYTES
        ? negotiateEncoding(req.headers['accept-encoding'])
        : undefined;
    const body = encoding ? await encodedBody(entry, encoding) : await entry.body;
    res.writeHead(200, {
      ...common,
      ...(encoding ? { 'content-encoding': encoding } : {}),
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const handle = async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(req, res, 405, TYPES['.txt'], 'method not allowed\n', CACHE.never, {
        allow: 'GET, HEAD',
      });
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://admin.invalid').pathname);
    } catch {
      return sendText(req, res, 400, TYPES['.txt'], 'bad request\n', CACHE.never);
    }
    if (path === '/health') {
      return sendText(req, res, 200, TYPES['.json'], '{"status":"ok"}', CACHE.never);
    }
    if (path === '/config.json') {
      return sendText(req, res, 200, TYPES['.json'], configBody, CACHE.never);
    }

    const file = resolve(base, `.${path}`);
    const inside = file === base || file.startsWith(base + sep);
    const hidden = path.split('/').some((segment) => segment.startsWith('.'));
    if (!inside || hidden || path.includes('\0')) {
      return sendText(req, res, 404, TYPES['.txt'], 'not found\n', CACHE.never);
    }
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) {
      const cache = HASHED.test(file) ? CACHE.immutable : CACHE.revalidate;
      return sendFile(req, res, file, info, cache);
    }
    // A deep link to a client-side route gets the app; a missing asset is a real 404, so a stale
    // chunk name never receives HTML in place of JavaScript.
    if (extname(path)) return sendText(req, res, 404, TYPES['.txt'], 'not found\n', CACHE.never);
    const index = await stat(indexPath);
    return sendFile(req, res, indexPath, index, CACHE.revalidate);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      log('error', `request ${req.method} ${req.url} failed: ${error.message}`);
      if (res.headersSent) return res.destroy();
      sendText(req, res, 500, TYPES['.txt'], 'internal error\n', CACHE.never);
    });
  });

  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address();

  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    apiBaseUrl: api,
    server,
    /** Stops accepting connections, lets in-flight responses finish, closes idle keep-alives. */
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeIdleConnections();
      }),
  };
}

/** Where the app's API is: API_BASE_URL when set, else the config.json the build shipped. */
export function resolveApiBaseUrl(env, root) {
  if (env.API_BASE_URL !== undefined && env.API_BASE_URL !== '') {
    return parseApiBaseUrl(env.API_BASE_URL, 'API_BASE_URL');
  }
  let built;
  try {
    built = JSON.parse(readFileSync(join(root, 'config.json'), 'utf8'));
  } catch {
    throw new Error(`API_BASE_URL is not set and ${join(root, 'config.json')} is unreadable`);
  }
  return parseApiBaseUrl(built?.apiBaseUrl, `API_BASE_URL (unset; built config.json apiBaseUrl)`);
}

export function parsePort(value) {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535 (got ${JSON.stringify(value)})`);
  }
  return port;
}

function logLine(level, message, fields = {}) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...fields });
  if (level === 'error' || level === 'fatal') console.error(line);
  else console.log(line);
}

async function main() {
  const root = resolve(
    process.env.ADMIN_DIST_DIR || fileURLToPath(new URL('../dist/admin/browser', import.meta.url)),
  );
  const port = parsePort(process.env.PORT);
  const apiBaseUrl = resolveApiBaseUrl(process.env, root);
  const admin = await startStaticServer({ root, port, apiBaseUrl, log: logLine });
  logLine('info', `admin listening on port ${admin.port}`, { port: admin.port, apiBaseUrl, root });

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    logLine('info', `${signal}: draining connections`);
    const force = setTimeout(() => {
      logLine('warn', `connections still open after ${SHUTDOWN_GRACE_MS} ms; closing them`);
      admin.server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    admin.close().then(() => {
      clearTimeout(force);
      logLine('info', 'admin stopped');
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

// No top-level await: the module is also imported by tests (and through require(esm)).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    logLine('fatal', `admin server cannot start: ${error.message}`);
    process.exit(1);
  });
}
