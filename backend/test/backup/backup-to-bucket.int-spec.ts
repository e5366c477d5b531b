import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from '@20minutes/s3rver';
import { DUMMY_ACCOUNT } from '@20minutes/s3rver/lib/models/account';
import { dumpKey } from '../../src/backup/backup-retention';
import { WebhookReceiver } from '../alerts/webhook-receiver';
import { createEmptyDatabase, createMigratedDatabase, query } from '../support/database';
import { BACKEND_DIR } from '../support/process';

const REPO = resolve(BACKEND_DIR, '..');
const SCRIPT = join(REPO, 'scripts', 'backup-to-bucket.mjs');
const BUCKET = 'openbell-backups';
const PREFIX = 'openbell/';
const DAY = 24 * 60 * 60 * 1000;
/** Credentials of the local S3 endpoint (registered with it below) and of the database role. */
const ACCESS_KEY_ID = `OBTEST${randomBytes(6).toString('hex').toUpperCase()}`;
const SECRET_ACCESS_KEY = `s3-secret-${randomBytes(18).toString('base64url')}`;
const DB_PASSWORD = `db-pw-${randomBytes(18).toString('base64url')}`;
const HEARTBEAT_TOKEN = `hb-${randomBytes(12).toString('hex')}`;
/** The tables restored and compared row by row (the ledger's, plus the migrations table). */
const TABLES = [
  'job_run',
  'order_intent',
  'audit_event',
  'alert',
  'portfolio_snapshot',
  'toggle',
  'migrations',
];

/**
 * A realistic production history: ten years of weekdays, each with the daily run and its skipped
 * second trigger, 20 orders, 8 audit events, the daily summary alert and the close snapshot with
 * 20 positions — about what Openbell's one strategy writes (docs/operations.md, RTO).
 */
const SEED_HISTORY = `
  CREATE TEMP TABLE days AS
    SELECT d::date AS day FROM generate_series('2016-12-01'::date, '2026-11-30'::date, '1 day') d
    WHERE extract(isodow FROM d) < 6;
  INSERT INTO job_run (job, trading_day, status, trigger, owner, heartbeat_at, started_at, finished_at, summary)
    SELECT 'daily-run', day, 'succeeded', 'cron', 'worker-' || (extract(doy FROM day)::int % 2),
      day + time '13:33', day + time '13:30', day + time '13:33',
      jsonb_build_object('planned', 20, 'sent', 20, 'filled', 19, 'rejected', 1,
        'strategy', 'congress-buys', 'buyingPower', round((random() * 1e5)::numeric, 2))
    FROM days;
  INSERT INTO job_run (job, trading_day, status, trigger, owner, started_at, finished_at, skip_reason)
    SELECT 'daily-run', day, 'skipped', 'cron', 'worker-1', day + time '14:30',
      day + time '14:30:01', 'already ran today' FROM days;
  INSERT INTO order_intent (run_id, trading_day, strategy, client_order_id, symbol, side, notional,
      status, broker_order_id, broker_status, filled_qty, filled_avg_price, filled_at, submitted_at,
      risk_notes, created_at, updated_at, plan_seq, planned_price, estimated_notional)
    SELECT r.id, r.trading_day, 'congress-buys', 'ob-' || to_char(r.trading_day, 'YYYYMMDD') || '-' || n,
      (ARRAY['AAPL','MSFT','NVDA','AMZN','GOOGL','META','TSLA','AVGO','JPM','LLY','V','UNH','XOM',
             'MA','JNJ','PG','HD','COST','MRK','ABBV'])[n],
      CASE WHEN n % 4 = 0 THEN 'sell' ELSE 'buy' END, round((random() * 5000)::numeric, 2),
      'filled', gen_random_uuid()::text, 'filled', round((random() * 50)::numeric, 9),
      round((random() * 900)::numeric, 6), r.started_at + interval '95 seconds',
      r.started_at + interval '30 seconds',
      CASE WHEN n = 7 THEN '["position above 10% of equity: trimmed"]'::jsonb ELSE '[]'::jsonb END,
      r.started_at, r.started_at + interval '2 minutes', n, round((random() * 900)::numeric, 9),
      round((random() * 5000)::numeric, 2)
    FROM job_run r, generate_series(1, 20) n WHERE r.status = 'succeeded';
  INSERT INTO audit_event (at, actor, action, target, before, after, request_id, correlation_id)
    SELECT r.started_at + n * interval '10 seconds', 'system', 'order.submitted', 'order:' || n,
      jsonb_build_object('status', 'planned'),
      jsonb_build_object('status', 'submitted', 'brokerOrderId', gen_random_uuid()),
      md5(random()::text), r.id::text
    FROM job_run r, generate_series(1, 8) n WHERE r.status = 'succeeded';
  INSERT INTO alert (kind, dedup_key, severity, trading_day, message, payload, created_at)
    SELECT 'daily_summary', 'daily_summary:' || trading_day, 'info', trading_day,
      '[production] Daily summary — trading day ' || trading_day || E'\\n20 orders planned, 20 sent, 19 filled, 1 rejected.\\nEquity: $' || round((random() * 1e5)::numeric, 2),
      jsonb_build_object('runId', id), started_at
    FROM job_run WHERE status = 'succeeded';
  INSERT INTO portfolio_snapshot (trading_day, equity, cash, long_market_value, last_equity,
      positions, run_id, run_status, closed, taken_at)
    SELECT trading_day, round((1e5 + random() * 1e4)::numeric, 2), 1000, 99000, 100000,
      (SELECT jsonb_agg(jsonb_build_object('symbol', 'S' || k || '-' || extract(doy FROM trading_day),
         'qty', round((random() * 100)::numeric, 4), 'marketValue', round((random() * 5000)::numeric, 2),
         'unrealizedPl', round((random() * 500 - 250)::numeric, 2)))
       FROM generate_series(1, 20) k),
      id, 'succeeded', true, started_at + interval '150 minutes'
    FROM job_run WHERE status = 'succeeded';
`;

/** The PostgreSQL 18 client, as in backup-restore.int-spec.ts: skipped with a note off CI. */
const pgClient = spawnSync('bash', ['-c', 'source scripts/pg-client.sh && find_pg_bin'], {
  cwd: REPO,
  encoding: 'utf8',
  env: { PATH: process.env.PATH, HOME: process.env.HOME, PG_BIN: process.env.PG_BIN ?? '' },
});
const haveClient = pgClient.status === 0;
if (!haveClient && process.env.CI !== 'true')
  console.warn(`backup-to-bucket test skipped: ${pgClient.stderr.trim()}`);

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A heartbeat check's receiver (healthchecks.io convention): records `GET|POST <path>`. */
async function startHeartbeatReceiver(): Promise<{
  url: string;
  pings: string[];
  close: () => Promise<void>;
}> {
  const pings: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      pings.push(`${req.method} ${req.url}`);
      res.writeHead(200).end('OK');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping/${HEARTBEAT_TOKEN}`,
    pings,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

(haveClient || process.env.CI === 'true' ? describe : describe.skip)(
  'scripts/backup-to-bucket.mjs: the backup cron job against a local S3 endpoint',
  () => {
    const work = mkdtempSync(join(tmpdir(), 'openbell-bucket-'));
    let s3rver: S3rver;
    let endpoint: string;
    let s3: S3Client;
    /** What the endpoint saw: `ObjectCreated:Put key`, `ObjectCreated:Post key` (multipart), … */
    const events: string[] = [];
    /** Every request as `METHOD query-keys`: `PUT partNumber&uploadId` is a part, `DELETE uploadId` an abort. */
    const requests: string[] = [];
    let webhooks: WebhookReceiver;
    let heartbeat: Awaited<ReturnType<typeof startHeartbeatReceiver>>;
    let source: string;

    beforeAll(async () => {
      DUMMY_ACCOUNT.createKeyPair(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
      // s3rver checks the access key id but not signatures: its canonical URI of bucket-level
      // requests (ListObjectsV2: `/bucket`) predates the AWS SDK v3's (`/bucket/`), so every
      // listing would be refused. An unknown key id is still refused (InvalidAccessKeyId).
      s3rver = new S3rver({
        address: '127.0.0.1',
        port: 0,
        silent: true,
        allowMismatchedSignatures: true,
        directory: join(work, 's3'),
        configureBuckets: [{ name: BUCKET }],
      });
      s3rver.middleware.unshift(async (ctx, next) => {
        // (`x-id` is the SDK's name of the operation, not part of the S3 request.)
        const keys = Object.keys(ctx.query).filter((k) => k !== 'x-id');
        requests.push(`${ctx.method} ${keys.sort().join('&')}`.trim());
        await next();
      });
      const { port } = (await s3rver.run()) as AddressInfo;
      endpoint = `http://127.0.0.1:${port}`;
      s3rver.on(
        'event',
        (event: { Records: { eventName: string; s3: { object: { key: string } } }[] }) =>
          events.push(`${event.Records[0].eventName} ${event.Records[0].s3.object.key}`),
      );
      s3 = new S3Client({
        endpoint,
        region: 'auto',
        forcePathStyle: true,
        credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      webhooks = await new WebhookReceiver().start();
      heartbeat = await startHeartbeatReceiver();

      // The database, read by a role of its own whose password must never be printed.
      source = await createMigratedDatabase('bucket');
      await query(source, SEED_HISTORY);
      const role = `backup_${randomBytes(4).toString('hex')}`;
      await query(source, `CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${DB_PASSWORD}'`);
      const url = new URL(source);
      url.username = role;
      url.password = DB_PASSWORD;
      source = url.toString();
    }, 180_000);

    afterAll(async () => {
      s3?.destroy();
      await s3rver?.close();
      await webhooks?.stop();
      await heartbeat?.close();
      rmSync(work, { recursive: true, force: true });
    });

    beforeEach(() => {
      events.length = 0;
      requests.length = 0;
      webhooks.received.length = 0;
      heartbeat.pings.length = 0;
    });

    const baseEnv = (): Record<string, string> => ({
      DATABASE_URL: source,
      BACKUP_S3_ENDPOINT: endpoint,
      BACKUP_S3_BUCKET: BUCKET,
      BACKUP_S3_REGION: 'auto',
      BACKUP_S3_ACCESS_KEY_ID: ACCESS_KEY_ID,
      BACKUP_S3_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      BACKUP_S3_URL_STYLE: 'path',
      BACKUP_PREFIX: PREFIX,
      BACKUP_RETENTION_DAYS: '14',
      BACKUP_KEEP_LAST: '4',
      // The smallest part S3 allows, so this history goes up in several parts.
      BACKUP_PART_SIZE_MB: '5',
      HEARTBEAT_URL: heartbeat.url,
      ALERT_ENVIRONMENT: 'production',
      ALERT_WEBHOOK_URL: `${webhooks.url}/hook`,
    });

    /** Runs the job as Railway does: `node scripts/backup-to-bucket.mjs`, only these variables. */
    function runJob(env: Record<string, string>, args: string[] = []): Promise<Finished> {
      const started = Date.now();
      return new Promise((done, fail) => {
        const child = spawn(process.execPath, [SCRIPT, ...args], {
          cwd: REPO,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            PG_BIN: process.env.PG_BIN ?? '',
            ...env,
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          fail(new Error(`the backup job did not exit within 150 s\n${stdout}\n${stderr}`));
        }, 150_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          done({ code, stdout, stderr, ms: Date.now() - started });
        });
      });
    }

    async function keys(prefix = ''): Promise<string[]> {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
      return (page.Contents ?? []).map((o) => o.Key!).sort();
    }

    async function put(key: string, body: string): Promise<void> {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    }

    async function emptyBucket(): Promise<void> {
      s3rver.reset();
      await s3rver.configureBuckets();
    }

    /** Every secret of the run, none of which may be in any output or alert. */
    function expectNoSecret(...texts: string[]): void {
      const all = texts.join('\n');
      for (const secret of [DB_PASSWORD, SECRET_ACCESS_KEY, ACCESS_KEY_ID, HEARTBEAT_TOKEN])
        expect(all).not.toContain(secret);
    }

    function jsonLines(text: string): { level: string; message: string; [k: string]: unknown }[] {
      return text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as { level: string; message: string });
    }

    it('dumps, uploads in parts, verifies, prunes by the policy; the downloaded dump restores the whole history', async () => {
      await emptyBucket();
      const now = Date.now();
      const old = (days: number) => dumpKey(PREFIX, new Date(now - days * DAY));
      for (const days of [30, 20, 16, 13, 1]) await put(old(days), `an older dump (${days} d)`);
      await put(`${PREFIX}notes.txt`, 'an operator note, not a dump');
      await put(`other/${old(40).slice(PREFIX.length)}`, 'outside the prefix');

      const result = await runJob(baseEnv());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expectNoSecret(result.stdout, result.stderr);
      const done = jsonLines(result.stdout).at(-1)!;
      expect(done.message).toMatch(
        /^backup: s3:\/\/openbell-backups\/openbell\/openbell-\d{8}T\d{6}Z\.dump uploaded and verified \(\d+ bytes, \d+ tables, [\d.]+ s\); pruned 2, kept 4$/,
      );
      const key = String(done.key);

      // Multipart: the dump is bigger than one 5 MiB part and went up as one multipart upload.
      expect(Number(done.bytes)).toBeGreaterThan(5 * 1024 * 1024);
      expect(events).toContain(`ObjectCreated:Post ${key}`);
      expect(events).not.toContain(`ObjectCreated:Put ${key}`);
      expect(requests.filter((r) => r === 'PUT partNumber&uploadId')).toHaveLength(
        Math.ceil(Number(done.bytes) / (5 * 1024 * 1024)),
      );

      // Pruned: older than 14 days and not among the newest 4 → the 30- and 20-day dumps.
      // The 16-day one stays as the 4th newest; the note and the key outside the prefix stay.
      expect(await keys()).toEqual(
        [
          key,
          old(1),
          old(13),
          old(16),
          `${PREFIX}notes.txt`,
          `other/${old(40).slice(PREFIX.length)}`,
        ].sort(),
      );
      expect(events.filter((e) => e.startsWith('ObjectRemoved')).sort()).toEqual(
        [`ObjectRemoved:Delete ${old(20)}`, `ObjectRemoved:Delete ${old(30)}`].sort(),
      );
      // The heartbeat heard the success; no alert.
      expect(heartbeat.pings).toEqual([`POST /ping/${HEARTBEAT_TOKEN}`]);
      expect(webhooks.received).toEqual([]);

      // The restore drill from the bucket: download, restore into a fresh database, compare.
      const file = join(work, 'downloaded.dump');
      // `download` picks the newest dump and needs the bucket's variables only.
      const { DATABASE_URL: _unused, ...bucketOnly } = baseEnv();
      const fetched = await runJob(bucketOnly, ['download', file]);
      expect(fetched.stderr).toBe('');
      expect(fetched.code).toBe(0);
      expect(jsonLines(fetched.stdout)[0].message).toBe(
        `backup: downloaded s3://${BUCKET}/${key} to ${file}`,
      );
      expect(statSync(file).size).toBe(Number(done.bytes));
      expectNoSecret(fetched.stdout);
      const target = await createEmptyDatabase('from_bucket');
      const started = Date.now();
      const restore = spawnSync('bash', [join(REPO, 'scripts', 'restore.sh'), file], {
        cwd: REPO,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          PG_BIN: process.env.PG_BIN ?? '',
          DATABASE_URL: target,
        },
        timeout: 300_000,
      });
      const restoreMs = Date.now() - started;
      expect(restore.stderr).toBe('');
      expect(restore.status).toBe(0);
      for (const table of TABLES) {
        const count = `SELECT count(*)::int AS n, md5(string_agg(t::text, ',' ORDER BY t::text)) AS digest FROM ${table} t`;
        expect({ table, rows: await query(target, count) }).toEqual({
          table,
          rows: await query(source, count),
        });
      }
      const [{ n: orders, size }] = await query<{ n: number; size: string }>(
        target,
        `SELECT count(*)::int AS n, pg_size_pretty(pg_database_size(current_database())) AS size
           FROM order_intent`,
      );
      expect(orders).toBeGreaterThan(50_000);
      // The figures docs/operations.md quotes (RPO/RTO); printed for the drill log.
      console.log(
        `backup-to-bucket: ${orders} orders, database ${size}, dump ${String(done.bytes)} bytes; ` +
          `dump+upload ${String(done.dumpAndUploadMs)} ms, verify ${String(done.verifyMs)} ms, ` +
          `job ${result.ms} ms; restore ${restoreMs} ms`,
      );
    }, 300_000);

    it('a refused upload exits 1 naming the step, leaves no object, alerts backup_failed and /fail, prints no secret', async () => {
      await emptyBucket();
      const before = await keys();
      const result = await runJob({
        ...baseEnv(),
        BACKUP_S3_ACCESS_KEY_ID: `ROTATED${ACCESS_KEY_ID}`,
        ALERT_SLACK_WEBHOOK_URL: `${webhooks.url}/slack`,
      });
      expect(result.code).toBe(1);
      const lines = jsonLines(result.stderr);
      expect(lines[0]).toMatchObject({ level: 'error' });
      expect(lines[0].message).toMatch(
        /^backup FAILED at upload: InvalidAccessKeyId: .*\(HTTP 403\)/,
      );
      expect(await keys()).toEqual(before);

      expect(webhooks.received.map((r) => r.path).sort()).toEqual(['/hook', '/slack']);
      const alert = webhooks.on('/hook')[0].body;
      expect(alert).toMatchObject({ kind: 'backup_failed', severity: 'critical' });
      expect(String(alert.message)).toContain('[production] Backup FAILED');
      expect(String(alert.message)).toContain('Backup failed at upload: InvalidAccessKeyId');
      expect(String(alert.message)).toContain('Runbook: docs/operations.md#backup_failed');
      expect(heartbeat.pings).toEqual([`POST /ping/${HEARTBEAT_TOKEN}/fail`]);
      expectNoSecret(result.stdout, result.stderr, JSON.stringify(webhooks.received));
      expect(result.stdout + result.stderr).not.toContain('ROTATED');
    }, 120_000);

    it('a dump that fails leaves no object and alerts, without the connection string', async () => {
      await emptyBucket();
      const url = new URL(source);
      url.pathname = '/no_such_database';
      const result = await runJob({ ...baseEnv(), DATABASE_URL: url.toString() });
      expect(result.code).toBe(1);
      expect(jsonLines(result.stderr)[0].message).toMatch(
        /^backup FAILED at dump: pg_dump failed \(exit 1\): .*database "no_such_database" does not exist/,
      );
      expect(await keys()).toEqual([]);
      expect(webhooks.on('/hook')).toHaveLength(1);
      expect(heartbeat.pings).toEqual([`POST /ping/${HEARTBEAT_TOKEN}/fail`]);
      expectNoSecret(result.stdout, result.stderr, JSON.stringify(webhooks.received));
    }, 120_000);

    it('a dump that dies after some parts went up aborts the multipart upload: no object, an alert', async () => {
      await emptyBucket();
      // A pg_dump that streams 12 MiB (three parts' worth started), then fails as a real one does
      // when the connection drops mid-table. pg_restore stays the real one.
      const fake = join(work, 'fake-pg');
      mkdirSync(fake, { recursive: true });
      writeFileSync(
        join(fake, 'pg_dump'),
        [
          '#!/usr/bin/env bash',
          'if [[ "$1" == --version ]]; then echo "pg_dump (PostgreSQL) 18.6"; exit 0; fi',
          'head -c 12582912 /dev/urandom',
          // The connection string in the message (its first argument): the job must redact it.
          'echo "pg_dump: error: Dumping the contents of table \\"order_intent\\" failed: connection lost ($1)" >&2',
          'exit 1',
        ].join('\n'),
        { mode: 0o755 },
      );
      symlinkSync(join(pgClient.stdout.trim(), 'pg_restore'), join(fake, 'pg_restore'));

      const result = await runJob({ ...baseEnv(), PG_BIN: fake });
      expect(result.code).toBe(1);
      expect(jsonLines(result.stderr)[0].message).toBe(
        'backup FAILED at dump: pg_dump failed (exit 1): pg_dump: error: Dumping the contents of table "order_intent" failed: connection lost (--dbname=[redacted])',
      );
      expect(requests).toContain('PUT partNumber&uploadId');
      expect(requests).toContain('DELETE uploadId');
      expect(requests).not.toContain('POST uploadId');
      expect(await keys()).toEqual([]);
      expect(String(webhooks.on('/hook')[0].body.kind)).toBe('backup_failed');
      expect(heartbeat.pings).toEqual([`POST /ping/${HEARTBEAT_TOKEN}/fail`]);
      expectNoSecret(result.stdout, result.stderr, JSON.stringify(webhooks.received));
    }, 120_000);

    it('a run that hangs is stopped at BACKUP_TIMEOUT_SECONDS: the upload aborted, the alert raised, exit 1', async () => {
      await emptyBucket();
      // A pg_dump that sends a part's worth and then never finishes (a lock it waits on forever).
      const fake = join(work, 'hung-pg');
      mkdirSync(fake, { recursive: true });
      writeFileSync(
        join(fake, 'pg_dump'),
        [
          '#!/usr/bin/env bash',
          'if [[ "$1" == --version ]]; then echo "pg_dump (PostgreSQL) 18.6"; exit 0; fi',
          'head -c 6291456 /dev/urandom',
          'exec sleep 600',
        ].join('\n'),
        { mode: 0o755 },
      );
      symlinkSync(join(pgClient.stdout.trim(), 'pg_restore'), join(fake, 'pg_restore'));

      const result = await runJob({ ...baseEnv(), PG_BIN: fake, BACKUP_TIMEOUT_SECONDS: '3' });
      expect(result.code).toBe(1);
      expect(jsonLines(result.stderr)[0].message).toBe(
        'backup FAILED at timeout: the backup took longer than 3 s',
      );
      expect(requests).toContain('PUT partNumber&uploadId');
      expect(requests).toContain('DELETE uploadId');
      expect(await keys()).toEqual([]);
      expect(String(webhooks.on('/hook')[0].body.message)).toContain(
        'Backup failed at timeout: the backup took longer than 3 s',
      );
      expect(heartbeat.pings).toEqual([`POST /ping/${HEARTBEAT_TOKEN}/fail`]);
    }, 120_000);

    it('an unreachable bucket and a missing variable both fail loudly before anything is dumped', async () => {
      const closed = createServer();
      await new Promise<void>((done) => closed.listen(0, '127.0.0.1', () => done()));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((done) => closed.close(() => done()));

      const unreachable = await runJob({
        ...baseEnv(),
        BACKUP_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      });
      expect(unreachable.code).toBe(1);
      expect(jsonLines(unreachable.stderr)[0].message).toMatch(
        /^backup FAILED at upload: .*ECONNREFUSED/,
      );

      const missing = await runJob({ ...baseEnv(), BACKUP_S3_BUCKET: '', BACKUP_KEEP_LAST: '0' });
      expect(missing.code).toBe(1);
      expect(jsonLines(missing.stderr)[0].message).toBe(
        'backup FAILED at configuration: BACKUP_S3_BUCKET is not set; BACKUP_KEEP_LAST must be a whole number of at least 1 (got "0")',
      );
      expect(webhooks.on('/hook')).toHaveLength(2);
      expect(heartbeat.pings).toEqual([
        `POST /ping/${HEARTBEAT_TOKEN}/fail`,
        `POST /ping/${HEARTBEAT_TOKEN}/fail`,
      ]);
      expectNoSecret(unreachable.stderr, missing.stderr, JSON.stringify(webhooks.received));

      // The drill's download from an empty bucket: a clear failure, no file, no alert.
      await emptyBucket();
      const file = join(work, 'none.dump');
      const none = await runJob(baseEnv(), ['download', file]);
      expect(none.code).toBe(1);
      expect(jsonLines(none.stderr)[0].message).toBe(
        'download FAILED at download: no dump under openbell/',
      );
      expect(() => statSync(file)).toThrow();
      expect(webhooks.on('/hook')).toHaveLength(2);
    }, 120_000);
  },
);
