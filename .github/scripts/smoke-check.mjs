#!/usr/bin/env node
/* global AbortSignal */
// Post-deploy checks of one Openbell environment, from outside (what an operator would see):
//
//   api /health/ready        200 (database, every migration applied, process not draining)
//   worker /health/ready     200 (the same, plus the daily-run cron registered)
//   admin /health            200
//   admin /config.json       apiBaseUrl is this environment's API
//   api /api/version         commit is the one just deployed, no migration pending
//
// Each check is retried until it holds or --timeout seconds pass (a fresh deployment may still be
// switching traffic); the first one that never holds fails the run, named in a GitHub `::error`
// annotation. The deploy workflow runs it after `railway up`; the production gate runs it against
// staging with --timeout 0 ("staging runs this commit, healthy, right now").
//
//   node .github/scripts/smoke-check.mjs --api URL --worker URL --admin URL --commit SHA [--timeout S]
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    api: { type: 'string' },
    worker: { type: 'string' },
    admin: { type: 'string' },
    commit: { type: 'string' },
    timeout: { type: 'string', default: '300' },
    label: { type: 'string', default: 'deploy' },
  },
});

for (const name of ['api', 'worker', 'admin', 'commit']) {
  if (!values[name]) fail('arguments', `--${name} is required`);
}
const timeoutMs = Number(values.timeout) * 1000;
if (!Number.isFinite(timeoutMs) || timeoutMs < 0)
  fail('arguments', '--timeout must be seconds ≥ 0');
if (!/^[0-9a-f]{7,40}$/.test(values.commit)) fail('arguments', '--commit must be a commit hash');

const origin = (url, name) => {
  try {
    const parsed = new URL(/^https?:\/\//.test(url) ? url : `https://${url}`);
    return parsed.origin;
  } catch {
    return fail('arguments', `--${name} is not a URL: ${url}`);
  }
};
const api = origin(values.api, 'api');
const worker = origin(values.worker, 'worker');
const admin = origin(values.admin, 'admin');

function fail(check, detail) {
  console.log(`::error title=${values.label ?? 'smoke'} check failed: ${check}::${detail}`);
  console.error(`FAILED ${check}: ${detail}`);
  process.exit(1);
}

async function get(url) {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(10_000),
    headers: { accept: 'application/json' },
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, json, text };
}

/** Runs `probe` until it returns null (holds) or the deadline passes; returns the last problem. */
async function until(probe, deadline) {
  for (;;) {
    let problem;
    try {
      problem = await probe();
    } catch (error) {
      problem = `${error?.name ?? 'Error'}: ${error?.cause?.code ?? error?.message ?? error}`;
    }
    if (problem === null) return null;
    if (Date.now() >= deadline) return problem;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}

const status200 = (url) => async () => {
  const { status, text } = await get(url);
  return status === 200 ? null : `HTTP ${status}: ${text.slice(0, 300)}`;
};

const checks = [
  [`api ${api}/health/ready is 200`, status200(`${api}/health/ready`)],
  [`worker ${worker}/health/ready is 200`, status200(`${worker}/health/ready`)],
  [`admin ${admin}/health is 200`, status200(`${admin}/health`)],
  [
    `admin ${admin}/config.json points at ${api}`,
    async () => {
      const { status, json } = await get(`${admin}/config.json`);
      if (status !== 200) return `HTTP ${status}`;
      let configured = null;
      try {
        configured = new URL(json?.apiBaseUrl).origin;
      } catch {
        /* missing or not a URL */
      }
      return configured === api ? null : `apiBaseUrl is ${JSON.stringify(json?.apiBaseUrl)}`;
    },
  ],
  [
    `api ${api}/api/version reports commit ${values.commit}, no pending migration`,
    async () => {
      const { status, json } = await get(`${api}/api/version`);
      if (status !== 200) return `HTTP ${status}`;
      if (json?.commit !== values.commit)
        return `the API runs commit ${JSON.stringify(json?.commit)} (${json?.commitSource ?? 'unknown source'})`;
      if (!Array.isArray(json.pendingMigrations) || json.pendingMigrations.length > 0)
        return `pending migrations: ${JSON.stringify(json.pendingMigrations)}`;
      return null;
    },
  ],
];

const deadline = Date.now() + timeoutMs;
for (const [name, probe] of checks) {
  const problem = await until(probe, deadline);
  if (problem !== null) fail(name, problem);
  console.log(`ok  ${name}`);
}
console.log(`${values.label}: every check holds`);
