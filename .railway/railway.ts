/**
 * Openbell on Railway, as code (Railway retired railway.json Config as Code; see docs/deployment.md).
 *
 *   api     APP_ROLE=web     REST API for the admin and operators
 *   worker  APP_ROLE=worker  the scheduler: the daily run at the market open
 *   admin   static SPA       the operators' console
 *   postgres                 PostgreSQL 18, the run ledger and everything else
 *
 * Deploys are gated by health: api and worker go live only when /health/ready answers 200
 * (database reachable, every migration applied, scheduler registered); migrations run at boot,
 * before the port opens, under an advisory lock. Secrets are never in this file: `preserve()` keeps
 * the value set in Railway's dashboard or CLI.
 */
import { defineRailway, postgres, preserve, service } from 'railway/iac';

/** The backend's graceful shutdown budget (SHUTDOWN_TIMEOUT_MS); Railway must wait longer. */
export const SHUTDOWN_TIMEOUT_SECONDS = 15;
export const DRAINING_SECONDS = 30;

export type OpenbellEnvironment = 'production' | 'staging' | `pr-${string}`;

export default defineRailway((ctx, project) => {
  const environment = ctx.environment ?? ctx.environmentName ?? 'staging';
  const production = environment === 'production';
  const preview = environment.startsWith('pr-');

  const database = postgres('postgres');

  const backend = {
    NODE_ENV: 'production',
    DATABASE_URL: database.env.DATABASE_URL,
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_SECONDS * 1000),
    LOG_LEVEL: 'info',
    ALERT_ENVIRONMENT: environment,
    // The hard ceiling stays off everywhere by default: an operator turns production on
    // deliberately in Railway (TRADING_ENABLED=true), never by a deploy of this file.
    TRADING_ENABLED: 'false',
    JWT_SECRET: preserve(),
    ADMIN_ORIGIN: 'https://${{admin.RAILWAY_PUBLIC_DOMAIN}}',
    // PR environments trade against the bundled sandbox broker (no keys); staging and production
    // use the keys stored in Railway (paper keys in staging).
    ...(preview
      ? { SANDBOX_MODE: 'always-open' }
      : {
          ALPACA_KEY_ID: preserve(),
          ALPACA_SECRET_KEY: preserve(),
          ALERT_LARK_WEBHOOK_URL: preserve(),
          ALERT_LARK_SECRET: preserve(),
          ALERT_SLACK_WEBHOOK_URL: preserve(),
          ALERT_WEBHOOK_URL: preserve(),
          METRICS_TOKEN: preserve(),
        }),
  };

  const deploy = {
    drainingSeconds: DRAINING_SECONDS,
    healthcheckTimeout: 120,
    restartPolicyType: 'ON_FAILURE' as const,
    restartPolicyMaxRetries: 5,
  };
  const build = { builder: 'RAILPACK' as const, buildCommand: 'npm run build' };

  const api = service('api', {
    build,
    startCommand: 'npm run serve:backend',
    healthcheckPath: '/health/ready',
    replicas: production ? 2 : 1,
    deploy,
    env: { ...backend, APP_ROLE: 'web' },
  });

  // Several worker replicas are safe — the ledger's unique index admits one run per day — and two
  // in production mean a run still happens when one replica is down at the open.
  const worker = service('worker', {
    build,
    startCommand: 'npm run serve:backend',
    healthcheckPath: '/health/ready',
    replicas: production ? 2 : 1,
    deploy,
    env: { ...backend, APP_ROLE: 'worker' },
  });

  const admin = service('admin', {
    build: { builder: 'RAILPACK', buildCommand: 'npm run build:admin' },
    startCommand: 'npm run serve:admin',
    healthcheckPath: '/health',
    replicas: 1,
    deploy: { drainingSeconds: 10, healthcheckTimeout: 60, restartPolicyType: 'ON_FAILURE' },
    env: { API_BASE_URL: 'https://${{api.RAILWAY_PUBLIC_DOMAIN}}' },
  });

  return project('openbell', {
    environments: [environment],
    resources: [database, api, worker, admin],
  });
});
