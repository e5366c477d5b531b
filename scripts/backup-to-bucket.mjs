#!/usr/bin/env node
// The `backup` cron service's job (`npm run backup:bucket`; .railway/railway.ts schedules it):
// a logical dump of Openbell's database streamed into an S3-compatible bucket (a Railway bucket),
// read back and checked, then the old dumps pruned. One run, then exit: 0 when all of it held,
// 1 with a message saying which step failed otherwise — and then a `backup_failed` alert straight
// to the alert channels (the boot_failed/process_crashed path) and `<HEARTBEAT_URL>/fail`.
//
//   1. dump: `scripts/backup.sh -` (pg_dump -Fc, the same flags as a manual backup) piped into a
//      multipart upload (@aws-sdk/lib-storage: 8 MiB parts, two in flight), so neither the disk
//      nor the memory ever holds the whole dump. A dump that fails midway aborts the upload: no
//      object appears under the key, never a truncated one.
//   2. verify: HEAD says the object has the bytes that were dumped; GET streams it back through
//      pg_restore --list (it must list table data) and its SHA-256 must equal the dump's.
//   3. prune: dumps older than BACKUP_RETENTION_DAYS are deleted unless among the newest
//      BACKUP_KEEP_LAST (backend/src/backup/backup-retention.ts; buckets have no lifecycle rules).
//
// `download FILE [KEY]` (the restore drill): writes the newest dump (or KEY) to FILE and exits;
// only the BACKUP_S3_* variables are needed (`railway run --service backup -- node …` gives them).
//
// Variables (the service's, set by .railway/railway.ts from the bucket's own references):
//   DATABASE_URL                      the database to dump (private network)
//   BACKUP_S3_ENDPOINT, BACKUP_S3_BUCKET, BACKUP_S3_ACCESS_KEY_ID, BACKUP_S3_SECRET_ACCESS_KEY
//   BACKUP_S3_REGION (auto)           BACKUP_S3_URL_STYLE (virtual | path; Railway: virtual)
//   BACKUP_PREFIX (openbell/)         BACKUP_RETENTION_DAYS (14)   BACKUP_KEEP_LAST (48)
//   BACKUP_PART_SIZE_MB (8)           multipart part size (5–512)
//   BACKUP_TIMEOUT_SECONDS (1800)     the whole run's bound: a hung run would make Railway skip
//                                     every later one (it never starts a cron run over another)
//   HEARTBEAT_URL (optional)          pinged after each run (`/fail` on failure)
//   ALERT_* (optional)                the channels backup_failed goes to
//
// Never printed: the connection string or its password, the bucket's keys, the heartbeat URL, the
// alert webhooks (every line passes through redact()). Needs `npm run build -w backend` (the alert,
// heartbeat and retention code are the backend's) and the PostgreSQL 18 client (pg-client.sh).
//
// Why a script and not an `openbell` CLI command: the CLI validates the whole application config
// at start (JWT_SECRET, METRICS_TOKEN… in production), and this job should hold nothing but the
// database URL, the bucket's keys and the alert channels. Why the AWS SDK (@aws-sdk/client-s3,
// @aws-sdk/lib-storage): signing (SigV4), multipart upload with abort, retries and pagination are
// its maintained job; Railway's buckets speak the S3 API.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** A module of the built backend (CommonJS, backend/dist). */
const backend = (path) => require(join(ROOT, 'backend', 'dist', path));

const MiB = 1024 * 1024;
/** Parts in flight: with 8 MiB parts (S3's minimum is 5 MiB), ~16 MiB of memory. */
const QUEUE_SIZE = 2;
/** The budget for backup_failed to reach the channels (as boot_failed). */
const ALERT_DEADLINE_MS = 5_000;

const env = process.env;
const children = new Set();
/** The upload in progress, aborted when the run times out (no parts left behind). */
let activeUpload;

/** Every value that must never be printed, longest first (a password inside a URL, the URL). */
const SECRETS = secretValues(env);

function secretValues(source) {
  const values = [
    source.DATABASE_URL,
    source.BACKUP_S3_SECRET_ACCESS_KEY,
    source.BACKUP_S3_ACCESS_KEY_ID,
    source.HEARTBEAT_URL,
    source.ALERT_LARK_WEBHOOK_URL,
    source.ALERT_LARK_SECRET,
    source.ALERT_SLACK_WEBHOOK_URL,
    source.ALERT_WEBHOOK_URL,
  ];
  try {
    const url = new URL(source.DATABASE_URL ?? '');
    values.push(url.password, decodeURIComponent(url.password));
  } catch {
    /* not a URL: the whole value is redacted above */
  }
  return values
    .filter((v) => typeof v === 'string' && v.length >= 4)
    .sort((a, b) => b.length - a.length);
}

function redact(text) {
  return SECRETS.reduce((out, secret) => out.split(secret).join('[redacted]'), String(text));
}

/** One JSON line (Railway's log explorer reads `level` and `message`), redacted. */
function log(level, message, fields = {}) {
  const line = redact(
    JSON.stringify({ level, time: new Date().toISOString(), message, ...fields }),
  );
  (level === 'info' ? process.stdout : process.stderr).write(line + '\n');
}

/** A failure of one step, with the message the operator reads. */
class StepError extends Error {
  constructor(step, message) {
    super(`${step}: ${message}`);
    this.step = step;
  }
}

/** `SignatureDoesNotMatch: … (HTTP 403)`, `ECONNREFUSED`, …: the error without request details. */
function describe(error) {
  if (!(error instanceof Error)) return String(error);
  const status = error.$metadata?.httpStatusCode;
  const code = error.code ?? error.cause?.code;
  const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  const message = (error.message || code || 'unknown error').split('\n')[0].slice(0, 300);
  return `${name}${message}${status ? ` (HTTP ${status})` : ''}${code && !message.includes(code) ? ` (${code})` : ''}`;
}

function positiveInteger(name, fallback, problems) {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^[1-9][0-9]{0,5}$/.test(raw)) {
    problems.push(`${name} must be a whole number of at least 1 (got "${raw.slice(0, 20)}")`);
    return fallback;
  }
  return Number(raw);
}

/** The run's settings; a StepError naming every missing or bad variable (never a value of a secret). */
function readSettings(retention, { dumping = true } = {}) {
  const problems = [];
  const required = (name) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value;
  };
  const settings = {
    databaseUrl: dumping ? required('DATABASE_URL') : undefined,
    endpoint: required('BACKUP_S3_ENDPOINT'),
    bucket: required('BACKUP_S3_BUCKET'),
    accessKeyId: required('BACKUP_S3_ACCESS_KEY_ID'),
    secretAccessKey: required('BACKUP_S3_SECRET_ACCESS_KEY'),
    region: env.BACKUP_S3_REGION?.trim() || 'auto',
    urlStyle: env.BACKUP_S3_URL_STYLE?.trim() || 'virtual',
    prefix: env.BACKUP_PREFIX ?? 'openbell/',
    policy: {
      retentionDays: positiveInteger('BACKUP_RETENTION_DAYS', 14, problems),
      keepLast: positiveInteger('BACKUP_KEEP_LAST', 48, problems),
    },
    timeoutSeconds: positiveInteger('BACKUP_TIMEOUT_SECONDS', 1800, problems),
    partSizeMb: positiveInteger('BACKUP_PART_SIZE_MB', 8, problems),
  };
  if (settings.partSizeMb < 5 || settings.partSizeMb > 512)
    problems.push("BACKUP_PART_SIZE_MB must be between 5 (S3's minimum part) and 512");
  if (settings.endpoint && !/^https?:\/\/[^/\s]+\/?$/.test(settings.endpoint))
    problems.push(
      'BACKUP_S3_ENDPOINT must be an http(s) origin such as https://storage.railway.app',
    );
  if (!['virtual', 'path'].includes(settings.urlStyle))
    problems.push(
      `BACKUP_S3_URL_STYLE must be virtual or path (got "${settings.urlStyle.slice(0, 20)}")`,
    );
  if (!retention.isValidPrefix(settings.prefix))
    problems.push(
      `BACKUP_PREFIX must be empty or end with "/" (got "${settings.prefix.slice(0, 60)}")`,
    );
  if (problems.length) throw new StepError('configuration', problems.join('; '));
  return settings;
}

/** The directory of pg_dump/pg_restore 18 (scripts/pg-client.sh), or a StepError. */
function findPgBin() {
  const found = spawnSync('bash', ['-c', 'source scripts/pg-client.sh && find_pg_bin'], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
  if (found.status !== 0) throw new StepError('client', found.stderr.trim() || 'no pg_dump');
  return found.stdout.trim();
}

function track(child) {
  children.add(child);
  child.on('close', () => children.delete(child));
  return child;
}

/** Last non-empty line of a process's stderr, for the message. */
function lastLine(text) {
  return (
    text
      .trim()
      .split('\n')
      .filter((line) => line.trim())
      .pop() ?? ''
  ).slice(0, 300);
}

/** Step 1: pg_dump → multipart upload. Resolves to the bytes dumped and their SHA-256. */
async function dumpAndUpload(s3, settings, key) {
  const dump = track(
    spawn('bash', [join(ROOT, 'scripts', 'backup.sh'), '-'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let stderr = '';
  dump.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4_000)));
  const hash = createHash('sha256');
  let bytes = 0;
  // The body ends only when pg_dump exited 0: a failed dump errors the stream, which aborts the
  // upload (lib-storage aborts the multipart upload; a single part is never sent).
  const body = new PassThrough();
  dump.stdout.on('data', (chunk) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  dump.stdout.pipe(body, { end: false });
  const exited = new Promise((resolve) =>
    dump.on('close', (code, signal) => resolve({ code, signal })),
  );
  void exited.then(({ code }) => {
    if (code === 0) body.end();
    else body.destroy(new Error('the dump stopped'));
  });

  const upload = new Upload({
    client: s3,
    params: {
      Bucket: settings.bucket,
      Key: key,
      Body: body,
      ContentType: 'application/vnd.postgresql.custom-dump',
    },
    partSize: settings.partSizeMb * MiB,
    queueSize: QUEUE_SIZE,
    leavePartsOnError: false,
  });
  activeUpload = upload;
  let uploadError;
  let stoppedByUs = false;
  try {
    await upload.done();
  } catch (error) {
    uploadError = error;
    dump.stdout.unpipe(body);
    dump.stdout.resume(); // a pg_dump blocked on the pipe sees it drain, then the signal
    if (dump.exitCode === null && dump.signalCode === null) stoppedByUs = dump.kill('SIGTERM');
  }
  const { code, signal } = await exited;
  // The dump's own failure is the cause when it failed by itself (the upload then only saw its
  // body error); the upload's when the upload failed first and the dump was stopped for it.
  if (code !== 0 && !stoppedByUs)
    throw new StepError(
      'dump',
      `pg_dump failed (${signal ?? `exit ${code}`}): ${lastLine(stderr) || 'no message'}`,
    );
  if (uploadError) throw new StepError('upload', describe(uploadError));
  return { bytes, sha256: hash.digest('hex') };
}

/** Waits until `stream` can take more, or is gone. */
function drained(stream) {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

/** Step 2: the object in the bucket is the dump, byte for byte, and pg_restore reads it. */
async function verify(s3, settings, key, dumped, pgBin) {
  const head = await s3
    .send(new HeadObjectCommand({ Bucket: settings.bucket, Key: key }))
    .catch((error) => {
      throw new StepError('verify', `HEAD ${key}: ${describe(error)}`);
    });
  if (head.ContentLength !== dumped.bytes)
    throw new StepError(
      'verify',
      `the bucket holds ${head.ContentLength} bytes under ${key}; ${dumped.bytes} were dumped`,
    );

  const object = await s3
    .send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }))
    .catch((error) => {
      throw new StepError('verify', `GET ${key}: ${describe(error)}`);
    });
  const list = track(
    spawn(join(pgBin, 'pg_restore'), ['--list'], { stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  // pg_restore stops reading after the table of contents; the rest is still hashed.
  list.stdin.on('error', () => {});
  let listing = '';
  let stderr = '';
  list.stdout.on('data', (chunk) => (listing += chunk));
  list.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4_000)));
  const listed = new Promise((resolve) => list.on('close', (code) => resolve(code)));
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of object.Body) {
      hash.update(chunk);
      bytes += chunk.length;
      if (!list.stdin.destroyed && !list.stdin.write(chunk)) await drained(list.stdin);
    }
  } catch (error) {
    list.kill('SIGTERM');
    throw new StepError('verify', `reading ${key} back: ${describe(error)}`);
  } finally {
    if (!list.stdin.destroyed) list.stdin.end();
  }
  const code = await listed;
  const sha256 = hash.digest('hex');
  if (bytes !== dumped.bytes || sha256 !== dumped.sha256)
    throw new StepError(
      'verify',
      `${key} read back differs from the dump (${bytes} bytes, sha256 ${sha256}; dumped ${dumped.bytes}, ${dumped.sha256})`,
    );
  const tables = (listing.match(/ TABLE DATA /g) ?? []).length;
  if (code !== 0 || tables < 1)
    throw new StepError(
      'verify',
      `pg_restore --list of ${key}: ${code !== 0 ? `exit ${code}: ${lastLine(stderr)}` : 'no table data'}`,
    );
  return { tables, sha256 };
}

/** Step 3: deletes the dumps the retention policy lets go; never the one just uploaded. */
async function prune(s3, settings, key, retention, now) {
  const keys = [];
  let token;
  try {
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: settings.bucket,
          Prefix: settings.prefix || undefined,
          ContinuationToken: token,
        }),
      );
      for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    throw new StepError('prune', `listing ${settings.prefix || 'the bucket'}: ${describe(error)}`);
  }
  const plan = retention.planPrune(settings.prefix, keys, now, settings.policy);
  if (!plan.keep.includes(key))
    throw new StepError('prune', `the listing does not show ${key}; deleting nothing`);
  for (const old of plan.remove) {
    await s3.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: old })).catch((error) => {
      throw new StepError('prune', `deleting ${old}: ${describe(error)}`);
    });
  }
  return plan;
}

/** backup_failed to every configured channel and `/fail` to the heartbeat; never throws. */
async function raiseFailure(summary) {
  try {
    const { AppConfig } = backend('infra/config/app-config.js');
    const { sendDirectAlert } = backend('alerts/boot-alert.js');
    const { sent, failed } = await sendDirectAlert(
      AppConfig.alertsFromEnv(env),
      'backup_failed',
      summary,
      ALERT_DEADLINE_MS,
    );
    if (sent.length || Object.keys(failed).length)
      log('error', `backup_failed alert: sent to ${sent.join(', ') || 'no channel'}`, { failed });
  } catch (error) {
    log('error', `backup_failed alert not sent: ${describe(error)}`);
  }
  await heartbeat('fail', summary);
}

async function heartbeat(signal, detail) {
  if (!env.HEARTBEAT_URL) return;
  try {
    const { HeartbeatClient } = backend('heartbeat/heartbeat.client.js');
    await new HeartbeatClient({ heartbeat: { url: env.HEARTBEAT_URL } }).ping(signal, detail);
  } catch (error) {
    log('error', `heartbeat ${signal} not sent: ${describe(error)}`);
  }
}

function s3Client(settings) {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.urlStyle === 'path',
    credentials: {
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
    },
    // S3-compatible stores (Railway's buckets run on Tigris) need not know the SDK's newer
    // default checksums; send and check them only where the S3 API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

async function run() {
  const started = Date.now();
  const retention = backend('backup/backup-retention.js');
  const settings = readSettings(retention);
  const pgBin = findPgBin();
  const s3 = s3Client(settings);
  try {
    const now = new Date();
    const key = retention.dumpKey(settings.prefix, now);
    const target = `s3://${settings.bucket}/${key}`;
    log('info', `backup: dumping the database to ${target}`);
    const dumped = await dumpAndUpload(s3, settings, key);
    const uploadedMs = Date.now() - started;
    const checked = await verify(s3, settings, key, dumped, pgBin);
    const verifiedMs = Date.now() - started - uploadedMs;
    const plan = await prune(s3, settings, key, retention, now);
    const fields = {
      key,
      bytes: dumped.bytes,
      sha256: checked.sha256,
      tables: checked.tables,
      dumpAndUploadMs: uploadedMs,
      verifyMs: verifiedMs,
      totalMs: Date.now() - started,
      kept: plan.keep.length,
      pruned: plan.remove,
    };
    log(
      'info',
      `backup: ${target} uploaded and verified (${dumped.bytes} bytes, ${checked.tables} tables, ` +
        `${(fields.totalMs / 1000).toFixed(1)} s); pruned ${plan.remove.length}, kept ${plan.keep.length}`,
      fields,
    );
    await heartbeat('ok', `backup ${key}: ${dumped.bytes} bytes, ${checked.tables} tables`);
  } finally {
    s3.destroy();
  }
}

/** `download FILE [KEY]`: the newest dump (or KEY) into FILE, written whole or not at all. */
async function download(file, wanted) {
  const retention = backend('backup/backup-retention.js');
  const settings = readSettings(retention, { dumping: false });
  const s3 = s3Client(settings);
  const partial = `${file}.partial`;
  try {
    let key = wanted;
    if (!key) {
      const keys = [];
      let token;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({
            Bucket: settings.bucket,
            Prefix: settings.prefix || undefined,
            ContinuationToken: token,
          }),
        );
        for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      key = retention.dumpsNewestFirst(settings.prefix, keys)[0];
      if (!key) throw new StepError('download', `no dump under ${settings.prefix || 'the bucket'}`);
    }
    const object = await s3.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }));
    await pipeline(object.Body, createWriteStream(partial));
    renameSync(partial, file);
    log('info', `backup: downloaded s3://${settings.bucket}/${key} to ${file}`, {
      key,
      bytes: object.ContentLength,
    });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error instanceof StepError ? error : new StepError('download', describe(error));
  } finally {
    s3.destroy();
  }
}

function exit(code) {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'download' && args[0]) {
    try {
      await download(args[0], args[1]);
      exit(0);
    } catch (error) {
      log('error', redact(`download FAILED at ${error.message ?? describe(error)}`));
      exit(1);
    }
    return;
  }
  if (command !== undefined) {
    log(
      'error',
      'usage: backup-to-bucket.mjs            (one backup run)\n' +
        '       backup-to-bucket.mjs download FILE [KEY]   (the newest dump, or KEY, into FILE)',
    );
    exit(64);
    return;
  }
  // Read here too: a bad value is reported by readSettings, and the bound holds meanwhile.
  const raw = Number(env.BACKUP_TIMEOUT_SECONDS);
  const seconds = Number.isInteger(raw) && raw >= 1 ? raw : 1800;
  let timer;
  const timedOut = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new StepError('timeout', `the backup took longer than ${seconds} s`)),
      seconds * 1000,
    );
  });
  try {
    await Promise.race([run(), timedOut]);
    clearTimeout(timer);
    exit(0);
  } catch (error) {
    clearTimeout(timer);
    for (const child of children) child.kill('SIGTERM');
    await activeUpload?.abort().catch(() => undefined);
    const message = redact(
      error instanceof StepError ? error.message : `unexpected: ${describe(error)}`,
    ).slice(0, 600);
    log('error', `backup FAILED at ${message}`);
    await raiseFailure(`Backup failed at ${message}. The previous dumps in the bucket are kept.`);
    exit(1);
  }
}

await main();
