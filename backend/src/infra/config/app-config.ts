import { hostname } from 'node:os';
import { envSchema, type Env, SECRET_VARIABLES } from './config.schema';

export type AppRole = 'web' | 'worker' | 'all';

/** ALPACA_BASE_URL's default when keys are set: Alpaca's paper trading, never real money. */
export const PAPER_TRADING_URL = 'https://paper-api.alpaca.markets';

export interface TargetWeight {
  symbol: string;
  weight: number;
}

/** A configuration problem: names every offending variable, never echoes a secret's value. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration, boot stopped:\n' +
        problems.map((p) => `  - ${p.variable} ${p.message}`).join('\n') +
        '\nSee docs/configuration.md.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * The typed configuration: parsed once at boot from the environment and injected everywhere
 * (inject `AppConfig`). This file and config.schema.ts are the only readers of process.env.
 */
export class AppConfig {
  readonly nodeEnv: Env['NODE_ENV'];
  readonly port: number;
  readonly role: AppRole;
  readonly instanceId: string;
  readonly database: { url?: string; embedded: { dir: string; port: number } };
  readonly alpaca: {
    keyId?: string;
    secretKey?: string;
    baseUrl?: string;
    live: boolean;
    rateLimitPerMinute: number;
    timeoutMs: number;
    /** No credentials: Openbell talks to the bundled sandbox broker. */
    useSandbox: boolean;
    sandbox: { port: number; mode: 'nyse' | 'always-open'; movingPrices: boolean };
  };
  readonly trading: { enabled: boolean; cron: string; cronTimeZone: string; windowMinutes: number };
  readonly strategy: {
    name: Env['STRATEGY'];
    targets: TargetWeight[];
    quiver: {
      token?: string;
      baseUrl: string;
      lookbackDays: number;
      maxPositions: number;
      /** Fewer distinct stocks than this and the basket is refused (no all-in on one ticker). */
      minPositions: number;
    };
  };
  readonly risk: {
    maxOrderNotional: number;
    maxDailyNotional: number;
    maxPositions: number;
    symbolBlocklist: string[];
    minOrderNotional: number;
  };
  readonly run: {
    staleAfterSeconds: number;
    maxAttemptsPerDay: number;
    submitConcurrency: number;
    reconcileDeadlineSeconds: number;
    reconcilePollMs: number;
    /** Broker-clock time a missing order must stay missing before it is final (never received). */
    absenceProofSeconds: number;
    /** How long buys wait for the day's sells to fill before being sized from buying power. */
    sellWaitSeconds: number;
    /** A trigger that finds the open this close ahead (broker clock) waits for it instead of skipping. */
    waitForOpenSeconds: number;
  };
  readonly admin: { origins: string[]; jwtSecret?: string; jwtTtlMinutes: number };
  readonly alerts: {
    environment: string;
    larkWebhookUrl?: string;
    larkSecret?: string;
    slackWebhookUrl?: string;
    webhookUrl?: string;
    /** The daily run summary to the channels (ALERT_DAILY_SUMMARY). */
    dailySummary: boolean;
  };
  readonly log: { level: Env['LOG_LEVEL']; pretty: boolean };
  readonly metricsToken?: string;
  /** Proxies in front of the service whose X-Forwarded-For entries are trusted (Railway's edge: 1). */
  readonly trustProxyHops: number;
  readonly shutdownTimeoutMs: number;
  /** Dead man's switch: pinged every `intervalSeconds` while healthy and after each daily attempt. */
  readonly heartbeat: { url?: string; intervalSeconds: number };
  /** The deployed commit as Railway reports it (GitHub deploys); see status/build-info.ts. */
  readonly railwayCommit?: string;
  /** Values that must never reach a log line (redacted wherever they appear). */
  readonly secretValues: string[];

  private constructor(env: Env, raw: Record<string, string | undefined>) {
    this.nodeEnv = env.NODE_ENV;
    this.port = env.PORT;
    this.role = env.APP_ROLE;
    this.instanceId = `${hostname()}:${process.pid}`;
    this.database = {
      url: env.DATABASE_URL,
      embedded: { dir: env.EMBEDDED_POSTGRES_DIR, port: env.EMBEDDED_POSTGRES_PORT },
    };
    this.alpaca = {
      keyId: env.ALPACA_KEY_ID,
      secretKey: env.ALPACA_SECRET_KEY,
      // With keys and no URL: paper trading, never real money. Without keys the sandbox's URL comes from boot.
      baseUrl: env.ALPACA_BASE_URL ?? (env.ALPACA_KEY_ID ? PAPER_TRADING_URL : undefined),
      live: env.ALPACA_LIVE,
      rateLimitPerMinute: env.ALPACA_RATE_LIMIT_PER_MINUTE,
      timeoutMs: env.ALPACA_TIMEOUT_MS,
      useSandbox: !env.ALPACA_KEY_ID,
      sandbox: {
        port: env.SANDBOX_PORT,
        mode: env.SANDBOX_MODE,
        movingPrices: env.SANDBOX_MOVING_PRICES,
      },
    };
    this.trading = {
      enabled: env.TRADING_ENABLED,
      cron: env.TRADING_CRON,
      cronTimeZone: env.TRADING_CRON_TZ,
      windowMinutes: env.TRADING_WINDOW_MINUTES,
    };
    this.strategy = {
      name: env.STRATEGY,
      targets: env.STRATEGY_TARGETS,
      quiver: {
        token: env.QUIVER_API_TOKEN,
        baseUrl: env.QUIVER_BASE_URL,
        lookbackDays: env.CONGRESS_LOOKBACK_DAYS,
        maxPositions: env.CONGRESS_MAX_POSITIONS,
        // A basket can never need more stocks than it may hold.
        minPositions: Math.min(env.CONGRESS_MIN_POSITIONS, env.CONGRESS_MAX_POSITIONS),
      },
    };
    this.risk = {
      maxOrderNotional: env.RISK_MAX_ORDER_NOTIONAL,
      maxDailyNotional: env.RISK_MAX_DAILY_NOTIONAL,
      maxPositions: env.RISK_MAX_POSITIONS,
      symbolBlocklist: env.RISK_SYMBOL_BLOCKLIST,
      minOrderNotional: env.RISK_MIN_ORDER_NOTIONAL,
    };
    this.run = {
      staleAfterSeconds: env.RUN_STALE_AFTER_SECONDS,
      maxAttemptsPerDay: env.RUN_MAX_ATTEMPTS_PER_DAY,
      submitConcurrency: env.ORDER_SUBMIT_CONCURRENCY,
      reconcileDeadlineSeconds: env.RECONCILE_DEADLINE_SECONDS,
      reconcilePollMs: env.RECONCILE_POLL_MS,
      absenceProofSeconds: env.RUN_ABSENCE_PROOF_SECONDS,
      sellWaitSeconds: env.RUN_SELL_WAIT_SECONDS,
      waitForOpenSeconds: env.RUN_WAIT_FOR_OPEN_SECONDS,
    };
    this.admin = {
      origins: env.ADMIN_ORIGIN,
      jwtSecret: env.JWT_SECRET,
      jwtTtlMinutes: env.JWT_TTL_MINUTES,
    };
    this.alerts = {
      environment: env.ALERT_ENVIRONMENT,
      larkWebhookUrl: env.ALERT_LARK_WEBHOOK_URL,
      larkSecret: env.ALERT_LARK_SECRET,
      slackWebhookUrl: env.ALERT_SLACK_WEBHOOK_URL,
      webhookUrl: env.ALERT_WEBHOOK_URL,
      dailySummary: env.ALERT_DAILY_SUMMARY,
    };
    this.log = { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY };
    this.metricsToken = env.METRICS_TOKEN;
    this.trustProxyHops = env.TRUST_PROXY_HOPS;
    this.shutdownTimeoutMs = env.SHUTDOWN_TIMEOUT_MS;
    this.heartbeat = { url: env.HEARTBEAT_URL, intervalSeconds: env.HEARTBEAT_INTERVAL_SECONDS };
    this.railwayCommit = env.RAILWAY_GIT_COMMIT_SHA;
    this.secretValues = SECRET_VARIABLES.map((name) => raw[name]).filter(
      (v): v is string => typeof v === 'string' && v.length >= 4,
    );
  }

  /** Parse and validate; throws ConfigError naming every bad variable. Empty strings count as unset. */
  static fromEnv(source: Record<string, string | undefined> = process.env): AppConfig {
    const raw: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(source)) {
      raw[key] = value === '' ? undefined : value;
    }
    const parsed = envSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        const secret = (SECRET_VARIABLES as readonly string[]).includes(variable);
        const value = raw[variable];
        const shown =
          value === undefined ? 'unset' : secret ? 'value hidden' : `got "${value.slice(0, 80)}"`;
        return { variable, message: `${issue.message} (${shown})` };
      });
      throw new ConfigError(problems);
    }
    return new AppConfig(parsed.data, raw);
  }

  /**
   * The alert channels alone, each variable checked on its own: when the configuration as a whole
   * is invalid, boot can still report boot_failed to the channels that are well configured.
   */
  static alertsFromEnv(
    source: Record<string, string | undefined> = process.env,
  ): AppConfig['alerts'] {
    const shape = envSchema.shape;
    const pick = <K extends keyof typeof shape>(name: K) => {
      const value = source[name] === '' ? undefined : source[name];
      const parsed = shape[name].safeParse(value);
      return parsed.success ? (parsed.data as string | undefined) : undefined;
    };
    return {
      environment: pick('ALERT_ENVIRONMENT') ?? 'local',
      larkWebhookUrl: pick('ALERT_LARK_WEBHOOK_URL'),
      larkSecret: pick('ALERT_LARK_SECRET'),
      slackWebhookUrl: pick('ALERT_SLACK_WEBHOOK_URL'),
      webhookUrl: pick('ALERT_WEBHOOK_URL'),
      // Boot alerts only: the summary never goes out from here.
      dailySummary: false,
    };
  }

  get runsScheduler(): boolean {
    return this.role === 'worker' || this.role === 'all';
  }

  get servesApi(): boolean {
    return this.role === 'web' || this.role === 'all';
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}
