import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BACKEND_DIR } from '../support/process';

const REPO = resolve(BACKEND_DIR, '..');
const SCRIPT = join(REPO, 'scripts/install-pg-client.sh');

/**
 * scripts/install-pg-client.sh fetches one pinned PostgreSQL source tarball from several places in
 * turn and accepts only bytes with the pinned SHA-256 (`--fetch-only`): the fallback when a source
 * is gone, and the refusal of a source that serves something else.
 */
describe('install-pg-client.sh: pinned, checksummed source with fallbacks', () => {
  const right = randomBytes(4096);
  const wrong = randomBytes(4096);
  const sha256 = createHash('sha256').update(right).digest('hex');
  let server: Server;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/right') res.writeHead(200).end(right);
      else if (req.url === '/wrong') res.writeHead(200).end(wrong);
      else res.writeHead(404).end('gone');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'pg-source-'));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Async: the script downloads from this process's own server, which must keep answering. */
  const fetchOnly = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const dest = join(dir, 'source.tar.bz2');
      rmSync(dest, { force: true });
      const child = spawn('bash', [SCRIPT, '--fetch-only', dest], {
        cwd: REPO,
        env: { PATH: process.env.PATH, HOME: dir, ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });

  it('skips a source that is gone and one with other bytes, takes the first that matches', async () => {
    const result = await fetchOnly({
      PG_SOURCE_SHA256: sha256,
      PG_SOURCE_URLS: [`${base}/gone`, `${base}/wrong`, `${base}/right`].join('\n'),
    });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'source.tar.bz2')).equals(right)).toBe(true);
    expect(result.stderr).toContain(`skipped ${base}/gone: download failed`);
    expect(result.stderr).toContain(`skipped ${base}/wrong: sha256 `);
    expect(result.stdout).toContain(`source: ${base}/right (sha256 verified)`);
  });

  it('a local copy with the right checksum is used first', async () => {
    const local = join(dir, 'cached.tar.bz2');
    writeFileSync(local, right);
    const result = await fetchOnly({
      PG_SOURCE_SHA256: sha256,
      PG_SOURCE_TARBALL: local,
      PG_SOURCE_URLS: `${base}/gone`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`source: ${local} (sha256 verified)`);
  });

  it('refuses to go on when no source has the pinned bytes', async () => {
    const result = await fetchOnly({
      PG_SOURCE_SHA256: sha256,
      PG_SOURCE_URLS: [`${base}/gone`, `${base}/wrong`].join('\n'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no source of postgresql-18.6 matched sha256 ${sha256}`);
  });

  it('pins one release and its checksum, and every default source names that release', () => {
    const text = readFileSync(SCRIPT, 'utf8');
    const version = /PG_SOURCE_VERSION="\$\{PG_SOURCE_VERSION:-(18\.\d+)\}"/.exec(text)?.[1];
    expect(version).toBeDefined();
    expect(text).toMatch(/PG_SOURCE_SHA256="\$\{PG_SOURCE_SHA256:-[0-9a-f]{64}\}"/);
    const urls = text.split('PG_SOURCE_URLS="')[1].split('"')[0].trim().split('\n');
    expect(urls.map((u) => new URL(u.replaceAll('$', '')).hostname)).toEqual([
      'deb.debian.org',
      'snapshot.debian.org',
      'ftp.postgresql.org',
    ]);
    for (const url of urls) expect(url).toContain('$PG_SOURCE_VERSION');
    expect(spawnSync('bash', ['-n', SCRIPT]).status).toBe(0);
  });
});
