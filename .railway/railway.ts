/**
 * Openbell on Railway, as code (`railway/iac`; Railway retired railway.json Config as Code and
 * Nixpacks — see docs/deployment.md, which also maps every old key to this file).
 *
 *   api       APP_ROLE=web     REST API for the admin and operators, health
 *   worker    APP_ROLE=worker  the scheduler and the daily run at the open, health
 *   admin     static SPA       the operators' console (admin/server/static-server.mjs)
 *   postgres  PostgreSQL 18    the run ledger and everything else
 *   backup    cron job         hourly pg_dump into the `backups` bucket (staging, production)
 *   backups   bucket           S3-compatible storage for those dumps (staging, production)
 *
 * Deploys are gated by health: api and worker go live only when /health/ready answers 200
 * (database reachable, every migration of the build applied at boot under an advisory lock,
 * scheduler registered). Railway waits `drainingSeconds` after SIGTERM before it kills a replaced
 * replica, longer than the backend's graceful shutdown (SHUTDOWN_TIMEOUT_MS).
 *
 * The file is the source of truth for every variable: literals and references are applied on each
 * `railway config apply` (a dashboard edit of one is reverted by the next deploy), secrets are
 * `preserve()` — kept as set in Railway, never written here — and a variable that exists in Railway
 * but not here makes the apply stop (a deletion is destructive and needs explicit confirmation).
 *
 * The default export is a plain program. Offline, `await program(createRailwayContext({ environment
 * }), project)` returns the project definition (what backend/test/railway.spec.ts inspects). The
 * Railway CLI evaluates it too; CLI 5.4x calls it with an empty context, so the environment then
 * comes from OPENBELL_RAILWAY_ENVIRONMENT, which the workflows set next to the environment's token.
 * No environment, an unknown one, or two that disagree: the program throws rather than render one
 * environment's settings into another.
 */
import { bucket, defineRailway, postgres, preserve, project, ref, service } from 'railway/iac';
import type { ProjectDefinition, RailwayContextInput, VariableValue } from 'railway/iac';

/** The environments this file knows: staging, production and one per pull request (`pr-123`). */
export type OpenbellEnvironment = 'staging' | 'production' | `pr-${number}`;

/** Where the CLI's evaluation finds the environment when its context carries none. */
export const ENVIRONMENT_VARIABLE = 'OPENBELL_RAILWAY_ENVIRONMENT';

/**
 * Production's hard trading ceiling. `false` = dry-run: orders are planned and recorded as
 * simulated, never sent. Turning real orders on is a reviewed change of this line (and of
 * PRODUCTION_ALPACA below for real money), promoted like any release — never a dashboard edit,
 * which the next apply would revert. Staging and PR environments are always `false`.
 */
export const PRODUCTION_TRADING_ENABLED = false;
/** Which Alpaca host production talks to: `paper` until operators decide to trade real money. */
export const PRODUCTION_ALPACA: 'paper' | 'live' = 'paper';

export const ALPACA_HOSTS = {
  paper: 'https://paper-api.alpaca.markets',
  live: 'https://api.alpaca.markets',
} as const;

/** The backend's graceful-shutdown budget after SIGTERM, pinned here so it is what runs. */
export const SHUTDOWN_TIMEOUT_MS = 15_000;
/** Railway's wait between SIGTERM and SIGKILL for api and worker: twice the shutdown budget. */
export const BACKEND_DRAINING_SECONDS = 30;
/** The admin's static server drains for 8 s (SHUTDOWN_GRACE_MS in admin/server/static-server.mjs). */
export const ADMIN_DRAINING_SECONDS = 10;

/** How long Railway waits for a new deploy's health check: boot + pending migrations. */
export const BACKEND_HEALTHCHECK_TIMEOUT_SECONDS = 300;
export const ADMIN_HEALTHCHECK_TIMEOUT_SECONDS = 60;

/** The deploy gate of each service (the app serves these; the int test boots it and asks). */
export const HEALTHCHECK_PATHS = {
  api: '/health/ready',
  worker: '/health/ready',
  admin: '/health',
} as const;

/** Root package.json scripts each service runs (the test checks they exist). */
export const SCRIPTS = {
  api: { build: 'build', start: 'serve:backend' },
  worker: { build: 'build', start: 'serve:backend' },
  admin: { build: 'build:admin', start: 'serve:admin' },
  backup: { build: 'build:backup', start: 'backup:bucket' },
} as const;

export const APP_ROLES = { api: 'web', worker: 'worker' } as const;

/**
 * The scheduled logical dump (docs/operations.md, "Backup and restore"): the `backup` service is a
 * Railway cron job — Railway starts its start command on this schedule (UTC) and expects it to
 * exit; a run still going at the next tick makes Railway skip that tick. Hourly at :07 gives an
 * RPO of at most one hour plus the dump's own minutes, off the :00/:30 marks where the daily run's
 * triggers fall. The job (scripts/backup-to-bucket.mjs) streams `pg_dump -Fc` into the `backups`
 * bucket, reads it back, and prunes: dumps older than BACKUP_RETENTION_DAYS go unless they are
 * among the newest BACKUP_KEEP_LAST (48 hourly dumps = the last two days, whatever their age).
 *
 * What the pinned CLI (5.42.1, tag v5.42.1 of github.com/railwayapp/cli) can declare, read from
 * its source: `deploy.cronSchedule` is copied into the service's deploy config as written
 * (src/iac/compiler.rs, service_to_environment_config) and diffed like any deploy field
 * (src/iac/change_set.rs, diff_service_deploy); a `bucket()` resource is created with
 * `isCreated` and matched to an existing bucket by name (compiler.rs, graph_to_environment_config,
 * "bucket"; src/iac/engine.rs loads the project's buckets), and its region cannot change
 * (change_set.rs); `ref(bucket, NAME)` renders `${{backups.NAME}}` (compiler.rs,
 * variable_to_config). The bucket's variables are Railway's (docs: Storage Buckets,
 * "Railway-provided variables"): BUCKET, ENDPOINT, REGION, ACCESS_KEY_ID, SECRET_ACCESS_KEY.
 * The postgres resource's own backup schedules are NOT declarable: database_to_environment_config
 * writes its volume mount without `backupSchedules` — set in the dashboard (docs/setup.md).
 */
export const BACKUP_CRON_SCHEDULE = '7 * * * *';
export const BACKUP_RETENTION_DAYS = 14;
export const BACKUP_KEEP_LAST = 48;
/** The bucket's S3 API, as Railway documents it: virtual-hosted–style URLs. */
export const BACKUP_URL_STYLE = 'virtual';
/** Where the build puts the PostgreSQL 18 client (scripts/install-pg-client.sh), kept in /app. */
export const BACKUP_PG_CLIENT_HOME = '/app/.pg-client-18';
/** Build tools install-pg-client.sh needs, installed by Railpack in the build image only. */
export const BACKUP_BUILD_APT_PACKAGES = 'build-essential bison flex perl bzip2 zlib1g-dev';

export function isOpenbellEnvironment(name: string): name is OpenbellEnvironment {
  return name === 'staging' || name === 'production' || /^pr-[1-9][0-9]{0,8}$/.test(name);
}

/**
 * The target environment: the context's (CLI or test), else OPENBELL_RAILWAY_ENVIRONMENT.
 * Throws when there is none, when it is not one this file knows, or when the two disagree.
 */
export function resolveEnvironment(
  ctx: RailwayContextInput | undefined,
  processEnv: Record<string, string | undefined> = process.env,
): OpenbellEnvironment {
  const fromContext = ctx?.environment || ctx?.environmentName || undefined;
  const fromProcess = processEnv[ENVIRONMENT_VARIABLE]?.trim() || undefined;
  if (fromContext && fromProcess && fromContext !== fromProcess) {
    throw new Error(
      `.railway/railway.ts: Railway targets environment "${fromContext}" but ` +
        `${ENVIRONMENT_VARIABLE}=${fromProcess}; refusing to render one environment's settings into another`,
    );
  }
  const name = fromContext ?? fromProcess;
  if (!name) {
    throw new Error(
      `.railway/railway.ts: no target environment; set ${ENVIRONMENT_VARIABLE} ` +
        `(staging, production or pr-<number>) to the environment Railway is linked to`,
    );
  }
  if (!isOpenbellEnvironment(name)) {
    throw new Error(
      `.railway/railway.ts: unknown environment "${name}"; expected staging, production or pr-<number>`,
    );
  }
  return name;
}

interface Profile {
  replicas: { api: number; worker: number; admin: number };
  tradingEnabled: boolean;
  /** `sandbox`: no keys, the backend starts its bundled Alpaca-compatible sandbox in process. */
  broker: 'sandbox' | 'paper' | 'live';
  /** Send alerts to the team's channels (never from throwaway PR environments). */
  alerts: boolean;
  /** The hourly dump into a bucket (not in PR environments: see openbell()). */
  backups: boolean;
}

export function profileFor(environment: OpenbellEnvironment): Profile {
  if (environment === 'production') {
    return {
      // Two api replicas serve while one restarts; two workers cover the open when one is down —
      // safe because the job_run ledger admits one run per trading day whatever the replica count.
      replicas: { api: 2, worker: 2, admin: 1 },
      tradingEnabled: PRODUCTION_TRADING_ENABLED,
      broker: PRODUCTION_ALPACA,
      alerts: true,
      backups: true,
    };
  }
  if (environment === 'staging') {
    return {
      replicas: { api: 1, worker: 1, admin: 1 },
      tradingEnabled: false,
      broker: 'paper',
      alerts: true,
      backups: true,
    };
  }
  return {
    replicas: { api: 1, worker: 1, admin: 1 },
    tradingEnabled: false,
    broker: 'sandbox',
    alerts: false,
    backups: false,
  };
}

type Variables = Record<string, string | VariableValue>;

/**
 * The program: (context, project factory) → project definition. Both arguments are optional
 * because the CLI's evaluator may pass an empty context and no factory.
 */
export function openbell(
  ctx?: RailwayContextInput,
  projectFactory: typeof project = project,
): ProjectDefinition {
  const environment = resolveEnvironment(ctx);
  const profile = profileFor(environment);
  if (environment !== 'production' && (profile.tradingEnabled || profile.broker === 'live')) {
    throw new Error(`.railway/railway.ts: ${environment} must never trade or use the live host`);
  }

  const database = postgres('postgres');

  const broker: Variables =
    profile.broker === 'sandbox'
      ? // No ALPACA_* at all: the backend starts the bundled sandbox, whose market is always open
        // here so a reviewer sees the daily run plan (simulated) orders at any hour.
        { SANDBOX_MODE: 'always-open' }
      : {
          ALPACA_KEY_ID: preserve(),
          ALPACA_SECRET_KEY: preserve(),
          ALPACA_BASE_URL: ALPACA_HOSTS[profile.broker],
          ALPACA_LIVE: profile.broker === 'live' ? 'true' : 'false',
          QUIVER_API_TOKEN: preserve(),
        };
  const alerts: Variables = profile.alerts
    ? {
        ALERT_LARK_WEBHOOK_URL: preserve(),
        ALERT_LARK_SECRET: preserve(),
        ALERT_SLACK_WEBHOOK_URL: preserve(),
        ALERT_WEBHOOK_URL: preserve(),
      }
    : {};

  const backendVariables = (role: 'web' | 'worker'): Variables => ({
    NODE_ENV: 'production',
    APP_ROLE: role,
    DATABASE_URL: database.env.DATABASE_URL,
    TRADING_ENABLED: profile.tradingEnabled ? 'true' : 'false',
    ALERT_ENVIRONMENT: environment,
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    LOG_LEVEL: 'info',
    JWT_SECRET: preserve(),
    METRICS_TOKEN: preserve(),
    ...broker,
    ...alerts,
  });

  const backendDeploy = {
    drainingSeconds: BACKEND_DRAINING_SECONDS,
    restartPolicyType: 'ON_FAILURE' as const,
    restartPolicyMaxRetries: 10,
  };

  const api = service('api', {
    build: { builder: 'RAILPACK', buildCommand: `npm run ${SCRIPTS.api.build}` },
    startCommand: `npm run ${SCRIPTS.api.start}`,
    healthcheckPath: HEALTHCHECK_PATHS.api,
    healthcheckTimeout: BACKEND_HEALTHCHECK_TIMEOUT_SECONDS,
    replicas: profile.replicas.api,
    deploy: backendDeploy,
    env: {
      ...backendVariables(APP_ROLES.api),
      // CORS allow-list: the admin's public domain in this environment.
      ADMIN_ORIGIN: 'https://${{admin.RAILWAY_PUBLIC_DOMAIN}}',
    },
  });

  const worker = service('worker', {
    build: { builder: 'RAILPACK', buildCommand: `npm run ${SCRIPTS.worker.build}` },
    startCommand: `npm run ${SCRIPTS.worker.start}`,
    healthcheckPath: HEALTHCHECK_PATHS.worker,
    healthcheckTimeout: BACKEND_HEALTHCHECK_TIMEOUT_SECONDS,
    replicas: profile.replicas.worker,
    deploy: backendDeploy,
    env: {
      ...backendVariables(APP_ROLES.worker),
      // The dead man's switch (docs/operations.md): pinged while healthy and after each daily
      // attempt. Not in PR environments, which have no alert channels either.
      ...(profile.alerts ? { HEARTBEAT_URL: preserve() } : {}),
    },
  });

  const admin = service('admin', {
    build: { builder: 'RAILPACK', buildCommand: `npm run ${SCRIPTS.admin.build}` },
    startCommand: `npm run ${SCRIPTS.admin.start}`,
    healthcheckPath: HEALTHCHECK_PATHS.admin,
    healthcheckTimeout: ADMIN_HEALTHCHECK_TIMEOUT_SECONDS,
    replicas: profile.replicas.admin,
    deploy: {
      drainingSeconds: ADMIN_DRAINING_SECONDS,
      restartPolicyType: 'ON_FAILURE',
      restartPolicyMaxRetries: 10,
    },
    env: {
      // Written into the SPA's /config.json: one build serves every environment.
      API_BASE_URL: 'https://${{api.RAILWAY_PUBLIC_DOMAIN}}',
    },
  });

  // PR environments get no backup: their database is a throwaway sandbox history (deleted with
  // the PR), a bucket per PR would only cost storage, and with no alert channels a failing dump
  // would be heard by nobody.
  const backup = profile.backups
    ? backupResources(environment, database, Object.keys(alerts), worker)
    : [];

  return projectFactory('openbell', {
    environments: [environment],
    resources: [database, api, worker, admin, ...backup],
  });
}

/** The `backups` bucket and the `backup` cron service that fills it (BACKUP_CRON_SCHEDULE). */
function backupResources(
  environment: OpenbellEnvironment,
  database: ReturnType<typeof postgres>,
  alertVariables: string[],
  worker: ReturnType<typeof service>,
) {
  // The alert channels are the worker's, by reference: set and rotated in one place; the job
  // gets the current values at its next deploy.
  const alerts = Object.fromEntries(alertVariables.map((name) => [name, worker.env[name]]));
  // One bucket instance per environment, each with its own credentials (Railway's buckets are
  // isolated per environment): staging's job never sees production's dumps.
  const backups = bucket('backups');
  const backup = service('backup', {
    build: { builder: 'RAILPACK', buildCommand: `npm run ${SCRIPTS.backup.build}` },
    startCommand: `npm run ${SCRIPTS.backup.start}`,
    // One run per tick; a failed run is not restarted (it has alerted; the next tick tries again).
    replicas: 1,
    deploy: { cronSchedule: BACKUP_CRON_SCHEDULE, restartPolicyType: 'NEVER' },
    env: {
      DATABASE_URL: database.env.DATABASE_URL,
      BACKUP_S3_ENDPOINT: ref(backups, 'ENDPOINT'),
      BACKUP_S3_BUCKET: ref(backups, 'BUCKET'),
      BACKUP_S3_REGION: ref(backups, 'REGION'),
      BACKUP_S3_ACCESS_KEY_ID: ref(backups, 'ACCESS_KEY_ID'),
      BACKUP_S3_SECRET_ACCESS_KEY: ref(backups, 'SECRET_ACCESS_KEY'),
      BACKUP_S3_URL_STYLE: BACKUP_URL_STYLE,
      BACKUP_PREFIX: 'openbell/',
      BACKUP_RETENTION_DAYS: String(BACKUP_RETENTION_DAYS),
      BACKUP_KEEP_LAST: String(BACKUP_KEEP_LAST),
      // Build and run see the same path: the client built at build time is the one run, and its
      // binaries find their libpq by that build path (rpath), inside /app, which Railpack keeps.
      PG_CLIENT_HOME: BACKUP_PG_CLIENT_HOME,
      RAILPACK_BUILD_APT_PACKAGES: BACKUP_BUILD_APT_PACKAGES,
      ALERT_ENVIRONMENT: environment,
      ...alerts,
      // A separate heartbeat check, with a period of one hour: silence = no dump for that long.
      HEARTBEAT_URL: preserve(),
    },
  });
  return [backups, backup];
}

export default defineRailway(openbell);
