import { AppConfig, ConfigError } from './app-config';

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    AppConfig.fromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('AppConfig', () => {
  it('boots with no configuration at all, using the documented defaults', () => {
    const config = AppConfig.fromEnv({});
    expect(config.port).toBe(3000);
    expect(config.role).toBe('all');
    expect(config.database.url).toBeUndefined();
    expect(config.alpaca.useSandbox).toBe(true);
    expect(config.trading).toEqual({
      enabled: false,
      cron: '30 13,14 * * 1-5',
      cronTimeZone: 'UTC',
      windowMinutes: 90,
    });
    expect(config.strategy.targets).toEqual([
      { symbol: 'SPY', weight: 0.6 },
      { symbol: 'TLT', weight: 0.4 },
    ]);
    expect(config.admin.origins).toEqual(['http://localhost:4200']);
    expect(config.run).toEqual({
      staleAfterSeconds: 120,
      maxAttemptsPerDay: 5,
      submitConcurrency: 5,
      reconcileDeadlineSeconds: 300,
      reconcilePollMs: 2000,
      absenceProofSeconds: 120,
      sellWaitSeconds: 120,
      waitForOpenSeconds: 300,
    });
    expect(config.risk).toEqual({
      maxOrderNotional: 10_000,
      maxDailyNotional: 50_000,
      maxPositions: 20,
      symbolBlocklist: [],
      minOrderNotional: 1,
    });
  });

  it('names every offending variable in one error', () => {
    const error = problemsOf({
      DATABASE_URL: 'mysql://x',
      PORT: 'abc',
      APP_ROLE: 'scheduler',
      TRADING_WINDOW_MINUTES: '-5',
    });
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'APP_ROLE',
      'DATABASE_URL',
      'PORT',
      'TRADING_WINDOW_MINUTES',
    ]);
    expect(error.message).toContain('APP_ROLE must be one of web, worker, all (got "scheduler")');
    expect(error.message).toContain('PORT');
  });

  it('never echoes a secret value, even when it is the bad one', () => {
    const error = problemsOf({
      DATABASE_URL: 'not-a-url-with-hunter2secret',
      JWT_SECRET: 'short-hunter2',
    });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain('JWT_SECRET must be at least 32 characters (value hidden)');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses the live Alpaca host unless ALPACA_LIVE=true', () => {
    expect(problemsOf({ ALPACA_BASE_URL: 'https://api.alpaca.markets' }).message).toContain(
      'ALPACA_LIVE=true',
    );
    // Spelled another way, it is still the live host (the client refuses it too).
    expect(problemsOf({ ALPACA_BASE_URL: 'https://API.Alpaca.Markets./' }).message).toContain(
      'ALPACA_LIVE=true',
    );
    expect(
      AppConfig.fromEnv({ ALPACA_BASE_URL: 'https://api.alpaca.markets', ALPACA_LIVE: 'true' })
        .alpaca.live,
    ).toBe(true);
  });

  it('requires JWT_SECRET, DATABASE_URL and METRICS_TOKEN in production', () => {
    const names = problemsOf({ NODE_ENV: 'production' }).problems.map((p) => p.variable);
    expect(names).toEqual(expect.arrayContaining(['JWT_SECRET', 'DATABASE_URL', 'METRICS_TOKEN']));
    // Outside production /metrics may stay open (local runs, tests).
    expect(AppConfig.fromEnv({}).metricsToken).toBeUndefined();
  });

  it('trusts one proxy hop by default (Railway’s edge), 0 to 10 when set', () => {
    expect(AppConfig.fromEnv({}).trustProxyHops).toBe(1);
    expect(AppConfig.fromEnv({ TRUST_PROXY_HOPS: '0' }).trustProxyHops).toBe(0);
    expect(problemsOf({ TRUST_PROXY_HOPS: '11' }).problems.map((p) => p.variable)).toEqual([
      'TRUST_PROXY_HOPS',
    ]);
  });

  it('requires Alpaca keys in pairs and a Quiver token for congress-buys', () => {
    const names = problemsOf({ ALPACA_KEY_ID: 'AK123', STRATEGY: 'congress-buys' }).problems.map(
      (p) => p.variable,
    );
    expect(names).toEqual(expect.arrayContaining(['ALPACA_SECRET_KEY', 'QUIVER_API_TOKEN']));
  });

  it.each([
    ['SPY:0.7,TLT:0.4', 'sum to 1.1000'],
    ['SPY', 'not SYMBOL:weight'],
    ['SPY:0', 'not SYMBOL:weight'],
    ['SPY:0.5,spy:0.2', 'listed twice'],
  ])('rejects STRATEGY_TARGETS=%s', (value, message) => {
    expect(problemsOf({ STRATEGY_TARGETS: value }).message).toContain(message);
  });

  it('refuses an absence proof shorter than twice the broker timeout', () => {
    expect(() =>
      AppConfig.fromEnv({ ALPACA_TIMEOUT_MS: '10000', RUN_ABSENCE_PROOF_SECONDS: '15' }),
    ).toThrow(/RUN_ABSENCE_PROOF_SECONDS must be at least twice ALPACA_TIMEOUT_MS/);
    expect(
      AppConfig.fromEnv({ ALPACA_TIMEOUT_MS: '10000', RUN_ABSENCE_PROOF_SECONDS: '20' }).run
        .absenceProofSeconds,
    ).toBe(20);
  });

  it('never asks a congress basket for more stocks than it may hold', () => {
    expect(AppConfig.fromEnv({ CONGRESS_MAX_POSITIONS: '2' }).strategy.quiver.minPositions).toBe(2);
  });

  it('rejects an unknown time zone', () => {
    expect(problemsOf({ TRADING_CRON_TZ: 'Mars/Olympus' }).problems[0].variable).toBe(
      'TRADING_CRON_TZ',
    );
  });

  it('treats empty strings as unset', () => {
    expect(AppConfig.fromEnv({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });
});
