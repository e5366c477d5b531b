/**
 * Openbell on Railway, as code (`railway/iac`; Railway retired railway.json Config as Code and
 * Nixpacks — see docs/deployment.md, which also maps every old key to this file).
 *
 *   api       APP_ROLE=web     REST API for the admin and operators, health
 *   worker    APP_ROLE=worker  the scheduler and the daily run at the open, health
 *   admin     static SPA       the operators' console (admin/server/static-server.mjs)
 *   postgres  PostgreSQL 18    the run ledger and everything else
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
import { defineRailway, postgres, preserve, project, service } from 'railway/iac';
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
} as const;

export const APP_ROLES = { api: 'web', worker: 'worker' } as const;

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
    };
  }
  if (environment === 'staging') {
    return {
      replicas: { api: 1, worker: 1, admin: 1 },
      tradingEnabled: false,
      broker: 'paper',
      alerts: true,
    };
  }
  return {
    replicas: { api: 1, worker: 1, admin: 1 },
    tradingEnabled: false,
    broker: 'sandbox',
    alerts: false,
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

  return projectFactory('openbell', {
    environments: [environment],
    resources: [database, api, worker, admin],
  });
}

export default defineRailway(openbell);
