import { z } from 'zod';

/**
 * The one schema for every environment variable Openbell reads (docs/configuration.md lists them).
 * Parsed once at boot; nothing else in the backend reads process.env.
 */

/** Alpaca's real-money trading host. */
export const LIVE_TRADING_HOST = 'api.alpaca.markets';

/** Whether a base URL points at Alpaca's live (real money) trading API (any case, trailing dots). */
export function isLiveAlpacaUrl(baseUrl: string): boolean {
  return new URL(baseUrl).hostname.toLowerCase().replace(/\.+$/, '') === LIVE_TRADING_HOST;
}

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

const int = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const money = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .positive('must be greater than 0')
    .max(1e12, 'is absurdly large')
    .default(fallback);

const optionalUrl = z
  .string()
  .trim()
  .url('must be an http(s) URL')
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
  .optional();

const optionalSecret = z.string().min(1).optional();

export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.]{0,9}$/;

/** `SPY:0.6,TLT:0.4` → [{symbol, weight}]; weights in (0,1], summing to ≤ 1. */
export const targetsSchema = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const entries = raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const targets: { symbol: string; weight: number }[] = [];
    for (const entry of entries) {
      const [symbolRaw, weightRaw, ...rest] = entry.split(':');
      const symbol = (symbolRaw ?? '').trim().toUpperCase();
      const weight = Number(weightRaw);
      if (
        rest.length > 0 ||
        !SYMBOL_PATTERN.test(symbol) ||
        weightRaw === undefined ||
        !Number.isFinite(weight) ||
        weight <= 0 ||
        weight > 1
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is not SYMBOL:weight with 0 < weight ≤ 1`,
        });
        return z.NEVER;
      }
      if (targets.some((t) => t.symbol === symbol)) {
        ctx.addIssue({ code: 'custom', message: `${symbol} is listed twice` });
        return z.NEVER;
      }
      targets.push({ symbol, weight });
    }
    const total = targets.reduce((sum, t) => sum + t.weight, 0);
    if (total > 1 + 1e-9) {
      ctx.addIssue({ code: 'custom', message: `weights sum to ${total.toFixed(4)}, more than 1` });
      return z.NEVER;
    }
    return targets;
  });

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: int(3000, 0, 65535),
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// connection string')
      .optional(),
    EMBEDDED_POSTGRES_DIR: z.string().default('.data/postgres'),
    EMBEDDED_POSTGRES_PORT: int(5433, 1, 65535),
    APP_ROLE: z
      .enum(['web', 'worker', 'all'], { message: 'must be one of web, worker, all' })
      .default('all'),

    ALPACA_KEY_ID: optionalSecret,
    ALPACA_SECRET_KEY: optionalSecret,
    ALPACA_BASE_URL: optionalUrl,
    ALPACA_LIVE: bool(false),
    ALPACA_RATE_LIMIT_PER_MINUTE: int(200, 1, 100_000),
    ALPACA_TIMEOUT_MS: int(10_000, 100, 120_000),
    SANDBOX_PORT: int(0, 0, 65535),
    SANDBOX_MODE: z
      .enum(['nyse', 'always-open'], { message: 'must be nyse or always-open' })
      .default('nyse'),
    SANDBOX_MOVING_PRICES: bool(false),

    TRADING_ENABLED: bool(false),
    TRADING_CRON: z.string().trim().min(1).default('30 13,14 * * 1-5'),
    TRADING_CRON_TZ: z.string().trim().default('UTC'),
    TRADING_WINDOW_MINUTES: int(90, 1, 390),
    STRATEGY: z
      .enum(['fixed-weights', 'congress-buys'], {
        message: 'must be fixed-weights or congress-buys',
      })
      .default('fixed-weights'),
    STRATEGY_TARGETS: targetsSchema.default(() => [
      { symbol: 'SPY', weight: 0.6 },
      { symbol: 'TLT', weight: 0.4 },
    ]),
    QUIVER_API_TOKEN: optionalSecret,
    QUIVER_BASE_URL: z
      .string()
      .trim()
      .url('must be an http(s) URL')
      .default('https://api.quiverquant.com'),
    CONGRESS_LOOKBACK_DAYS: int(30, 1, 365),
    CONGRESS_MAX_POSITIONS: int(10, 1, 100),
    CONGRESS_MIN_POSITIONS: int(3, 1, 100),

    RISK_MAX_ORDER_NOTIONAL: money(10_000),
    RISK_MAX_DAILY_NOTIONAL: money(50_000),
    RISK_MAX_POSITIONS: int(20, 1, 1000),
    RISK_SYMBOL_BLOCKLIST: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim().toUpperCase())
          .filter(Boolean),
      ),
    RISK_MIN_ORDER_NOTIONAL: money(1),

    RUN_STALE_AFTER_SECONDS: int(120, 5, 3600),
    RUN_MAX_ATTEMPTS_PER_DAY: int(5, 1, 50),
    ORDER_SUBMIT_CONCURRENCY: int(5, 1, 10),
    RECONCILE_DEADLINE_SECONDS: int(300, 1, 3600),
    RECONCILE_POLL_MS: int(2000, 50, 60_000),
    RUN_ABSENCE_PROOF_SECONDS: int(120, 1, 3600),
    RUN_SELL_WAIT_SECONDS: int(120, 0, 3600),
    RUN_WAIT_FOR_OPEN_SECONDS: int(300, 0, 3600),

    ADMIN_ORIGIN: z
      .string()
      .default('http://localhost:4200')
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_TTL_MINUTES: int(60, 1, 24 * 60),

    ALERT_LARK_WEBHOOK_URL: optionalUrl,
    ALERT_LARK_SECRET: optionalSecret,
    ALERT_SLACK_WEBHOOK_URL: optionalUrl,
    ALERT_WEBHOOK_URL: optionalUrl,
    ALERT_ENVIRONMENT: z.string().trim().default('local'),
    ALERT_DAILY_SUMMARY: bool(true),

    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    LOG_PRETTY: bool(false),
    METRICS_TOKEN: optionalSecret,
    TRUST_PROXY_HOPS: int(1, 0, 10),
    SHUTDOWN_TIMEOUT_MS: int(15_000, 0, 120_000),

    // Dead man's switch (healthchecks.io, Cronitor, Better Stack): pinged while healthy and after
    // each daily attempt, `<url>/fail` when it failed. The URL usually carries a token: a secret.
    HEARTBEAT_URL: optionalUrl,
    HEARTBEAT_INTERVAL_SECONDS: int(60, 10, 3600),
    // Build identity (GET /api/version): Railway sets it for deploys from GitHub; a `railway up`
    // upload carries build-info.json instead (written by the deploy workflow).
    RAILWAY_GIT_COMMIT_SHA: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{7,40}$/, 'must be a git commit hash')
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.ALPACA_BASE_URL && isLiveAlpacaUrl(env.ALPACA_BASE_URL) && !env.ALPACA_LIVE) {
      ctx.addIssue({
        code: 'custom',
        path: ['ALPACA_BASE_URL'],
        message: `is the live trading host; set ALPACA_LIVE=true to trade real money`,
      });
    }
    if (Boolean(env.ALPACA_KEY_ID) !== Boolean(env.ALPACA_SECRET_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ALPACA_KEY_ID ? 'ALPACA_SECRET_KEY' : 'ALPACA_KEY_ID'],
        message: 'must be set together with its pair (key id and secret)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is required when NODE_ENV=production',
      });
    }
    if (env.NODE_ENV === 'production' && !env.METRICS_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_TOKEN'],
        message: 'is required when NODE_ENV=production (/metrics would be public)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required when NODE_ENV=production (the embedded database is for local runs)',
      });
    }
    if (env.STRATEGY === 'congress-buys' && !env.QUIVER_API_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['QUIVER_API_TOKEN'],
        message: 'is required when STRATEGY=congress-buys',
      });
    }
    if (env.RUN_ABSENCE_PROOF_SECONDS * 1000 < 2 * env.ALPACA_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['RUN_ABSENCE_PROOF_SECONDS'],
        message: `must be at least twice ALPACA_TIMEOUT_MS (${env.ALPACA_TIMEOUT_MS} ms): a request the client gave up on may still reach the broker`,
      });
    }
    if (env.ALERT_LARK_SECRET && !env.ALERT_LARK_WEBHOOK_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['ALERT_LARK_SECRET'],
        message: 'is set but ALERT_LARK_WEBHOOK_URL is not',
      });
    }
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: env.TRADING_CRON_TZ });
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['TRADING_CRON_TZ'],
        message: `"${env.TRADING_CRON_TZ}" is not an IANA time zone`,
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Variables whose values never appear in a log line or error message. */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'ALPACA_KEY_ID',
  'ALPACA_SECRET_KEY',
  'QUIVER_API_TOKEN',
  'JWT_SECRET',
  'ALERT_LARK_WEBHOOK_URL',
  'ALERT_LARK_SECRET',
  'ALERT_SLACK_WEBHOOK_URL',
  'ALERT_WEBHOOK_URL',
  'METRICS_TOKEN',
  'HEARTBEAT_URL',
] as const;
