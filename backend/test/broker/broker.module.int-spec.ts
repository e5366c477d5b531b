import { Global, Module } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { AppConfig } from '../../src/infra/config/app-config';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { AlpacaClient, type BrokerRequestEvent } from '../../src/trading/broker/alpaca.client';
import { BrokerHealthIndicator } from '../../src/trading/broker/broker.health';
import {
  BROKER_BASE_URL,
  BrokerModule,
  BrokerRequestListener,
  createAlpacaClient,
} from '../../src/trading/broker/broker.module';

/** What the application's boot code provides: the config, and optionally the broker URL. */
function appProviders(
  env: Record<string, string>,
  baseUrl?: string,
  events?: BrokerRequestEvent[],
) {
  @Global()
  @Module({
    providers: [
      { provide: AppConfig, useValue: AppConfig.fromEnv(env) },
      ...(baseUrl ? [{ provide: BROKER_BASE_URL, useValue: baseUrl }] : []),
      ...(events
        ? [
            {
              provide: BrokerRequestListener,
              useValue: { onRequest: (e: BrokerRequestEvent) => events.push(e) },
            },
          ]
        : []),
    ],
    exports: [
      AppConfig,
      ...(baseUrl ? [BROKER_BASE_URL] : []),
      ...(events ? [BrokerRequestListener] : []),
    ],
  })
  class BootProviders {}
  return BootProviders;
}

describe('BrokerModule', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandboxServer({ clock: { at: '2026-11-23T15:00:00Z' } });
  });
  afterAll(() => sandbox.close());

  it('forRoot(url): the client talks to that URL with the sandbox keys when no keys are set', async () => {
    const app = await Test.createTestingModule({
      imports: [appProviders({}), BrokerModule.forRoot(sandbox.url)],
    }).compile();
    sandbox.control.setKeys({ keyId: 'sandbox-key-id', secretKey: 'sandbox-secret-key' });
    try {
      await expect(app.get(AlpacaClient).getClock()).resolves.toMatchObject({ is_open: true });
    } finally {
      sandbox.control.setKeys(null);
      await app.close();
    }
  });

  it('forRoot(): the URL comes from a BROKER_BASE_URL provider, and a listener hears every request', async () => {
    const events: BrokerRequestEvent[] = [];
    const app = await Test.createTestingModule({
      imports: [appProviders({}, sandbox.url, events), BrokerModule.forRoot()],
    }).compile();
    await app.get(AlpacaClient).getAccount();
    expect(events).toMatchObject([{ method: 'GET', route: '/v2/account', status: 200 }]);
    await app.close();
  });

  it('forRoot(): without BROKER_BASE_URL it uses ALPACA_BASE_URL and the configured keys', async () => {
    sandbox.control.setKeys({ keyId: 'PKTEST', secretKey: 'secret-value' });
    const app = await Test.createTestingModule({
      imports: [
        appProviders({
          ALPACA_BASE_URL: sandbox.url,
          ALPACA_KEY_ID: 'PKTEST',
          ALPACA_SECRET_KEY: 'secret-value',
        }),
        BrokerModule.forRoot(),
      ],
    }).compile();
    try {
      await expect(app.get(AlpacaClient).getAccount()).resolves.toMatchObject({ status: 'ACTIVE' });
    } finally {
      sandbox.control.setKeys(null);
      await app.close();
    }
  });

  it('forRoot(): with no URL at all, boot fails instead of guessing a host', async () => {
    await expect(
      Test.createTestingModule({ imports: [appProviders({}), BrokerModule.forRoot()] }).compile(),
    ).rejects.toThrow(/no broker base URL/);
  });

  it('with keys and no URL anywhere, talks to paper trading (the documented default), never live', () => {
    const config = AppConfig.fromEnv({ ALPACA_KEY_ID: 'AK', ALPACA_SECRET_KEY: 'secret-value' });
    expect(createAlpacaClient(config, undefined).baseUrl).toBe('https://paper-api.alpaca.markets');
  });

  it('refuses the live host without ALPACA_LIVE even if the URL did not come from config', () => {
    const config = AppConfig.fromEnv({ ALPACA_KEY_ID: 'AK', ALPACA_SECRET_KEY: 'secret-value' });
    expect(() => createAlpacaClient(config, 'https://api.alpaca.markets')).toThrow(
      /ALPACA_LIVE=true/,
    );
    const live = AppConfig.fromEnv({
      ALPACA_KEY_ID: 'AK',
      ALPACA_SECRET_KEY: 'secret-value',
      ALPACA_LIVE: 'true',
    });
    expect(createAlpacaClient(live, 'https://api.alpaca.markets')).toBeInstanceOf(AlpacaClient);
  });
});

describe('BrokerHealthIndicator over HTTP', () => {
  let sandbox: RunningSandbox;
  const check = async () => {
    const alpaca = new AlpacaClient({
      baseUrl: sandbox.url,
      keyId: 'k',
      secretKey: 's',
      live: false,
      rateLimitPerMinute: 60_000,
      timeoutMs: 500,
    });
    const app = await Test.createTestingModule({
      imports: [TerminusModule],
      providers: [BrokerHealthIndicator, { provide: AlpacaClient, useValue: alpaca }],
    }).compile();
    const indicator = app.get(BrokerHealthIndicator);
    const result = await app
      .get(HealthCheckService)
      .check([() => indicator.check()])
      .catch((e: { response?: unknown }) => e.response);
    await app.close();
    return { result, indicator };
  };
  beforeEach(async () => {
    sandbox = await startSandboxServer();
  });
  afterEach(() => sandbox.close());

  it('is up with latency and account status', async () => {
    const { result } = await check();
    expect(result).toMatchObject({
      status: 'ok',
      details: { broker: { status: 'up', accountStatus: 'ACTIVE', tradingBlocked: false } },
    });
    expect(
      typeof (result as { details: { broker: { latencyMs: unknown } } }).details.broker.latencyMs,
    ).toBe('number');
  });

  it('is degraded when the account cannot trade', async () => {
    sandbox.control.setAccount({ tradingBlocked: true });
    await expect(check().then((c) => c.result)).resolves.toMatchObject({
      status: 'degraded',
      details: {
        broker: {
          status: 'degraded',
          tradingBlocked: true,
          message: expect.stringContaining('trading blocked'),
        },
      },
    });
    sandbox.control.setAccount({ tradingBlocked: false, status: 'ACCOUNT_UPDATED' });
    await expect(check().then((c) => c.result)).resolves.toMatchObject({
      details: { broker: { status: 'degraded', accountStatus: 'ACCOUNT_UPDATED' } },
    });
  });

  it('is down when the broker does not answer, after one attempt (no retries)', async () => {
    sandbox.control.inject({ route: 'GET /v2/account', kind: 'status-503', times: 5 });
    await expect(check().then((c) => c.result)).resolves.toMatchObject({
      status: 'error',
      error: {
        broker: { status: 'down', httpStatus: 503, message: 'broker answered HTTP 503' },
      },
    });
    expect(sandbox.control.arrivals).toHaveLength(1);
    sandbox.control.clearFaults();
    sandbox.control.inject({ route: 'GET /v2/account', kind: 'timeout' });
    await expect(check().then((c) => c.result)).resolves.toMatchObject({
      // What is down, not the client's error text (that goes to the log).
      error: { broker: { status: 'down', message: 'broker timed out' } },
    });
  });

  it('concurrent probes share one broker request', async () => {
    const alpaca = new AlpacaClient({
      baseUrl: sandbox.url,
      keyId: 'k',
      secretKey: 's',
      live: false,
      rateLimitPerMinute: 60_000,
      timeoutMs: 500,
    });
    const indicator = new BrokerHealthIndicator(new HealthIndicatorService(), alpaca);
    const results = await Promise.all(Array.from({ length: 10 }, () => indicator.check()));
    expect(results.every((r) => r.broker.status === 'up')).toBe(true);
    expect(sandbox.control.requestCount('GET /v2/account')).toBe(1);
  });
});
