import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../infra/config/app-config';
import { AlpacaClient, type BrokerRequestEvent } from './alpaca.client';
import { capWindowMs, budgetPerWindow } from './alpaca-transport';
import { PostgresBrokerBudget } from './broker-budget';
import { BROKER_BASE_URL } from './broker.tokens';

export { BROKER_BASE_URL };

/** Hook for broker request metrics: provide one (globally) and it hears every HTTP exchange. */
export abstract class BrokerRequestListener {
  abstract onRequest(event: BrokerRequestEvent): void;
}

/** Key pair sent to the bundled sandbox, which accepts any non-empty pair. */
export const SANDBOX_KEYS = { keyId: 'sandbox-key-id', secretKey: 'sandbox-secret-key' } as const;

/**
 * The client for a configuration and a base URL. The URL is `baseUrl` (BROKER_BASE_URL), else
 * ALPACA_BASE_URL (AppConfig defaults it to paper trading when keys are set). Without keys and
 * without a URL it throws rather than guess: the sandbox's URL must come from boot. Without keys
 * the dummy sandbox pair is sent. The client itself refuses the live host unless ALPACA_LIVE=true.
 */
export function createAlpacaClient(
  config: AppConfig,
  baseUrl: string | undefined,
  listener?: BrokerRequestListener,
  dataSource?: DataSource,
): AlpacaClient {
  const { keyId, secretKey, useSandbox } = config.alpaca;
  const url = baseUrl ?? config.alpaca.baseUrl;
  if (!url)
    throw new Error(
      'no broker base URL: without Alpaca keys, provide BROKER_BASE_URL at boot (the sandbox URL) or set ALPACA_BASE_URL',
    );
  if ((!keyId || !secretKey) && !useSandbox)
    throw new Error('ALPACA_KEY_ID and ALPACA_SECRET_KEY are required outside the sandbox');
  return new AlpacaClient({
    baseUrl: url,
    keyId: keyId || SANDBOX_KEYS.keyId,
    secretKey: secretKey || SANDBOX_KEYS.secretKey,
    live: config.alpaca.live,
    rateLimitPerMinute: config.alpaca.rateLimitPerMinute,
    timeoutMs: config.alpaca.timeoutMs,
    onRequest: listener ? (event) => listener.onRequest(event) : undefined,
    // Every process on the account shares ALPACA_RATE_LIMIT_PER_MINUTE through the database.
    budget: dataSource
      ? new PostgresBrokerBudget(dataSource, {
          owner: config.instanceId,
          capacity: budgetPerWindow(config.alpaca.rateLimitPerMinute, 60_000),
          windowMs: capWindowMs(60_000),
        })
      : undefined,
  });
}

/**
 * The Alpaca client (also as BROKER, the executor's port) and the failure classifier, global.
 *
 * - `BrokerModule.forRoot(url)`: the URL resolved at boot (the configured host, or the sandbox
 *   the boot code started).
 * - `BrokerModule.forRoot()`: the URL comes from a BROKER_BASE_URL provider the application
 *   supplies from a global module; without one, ALPACA_BASE_URL, else paper trading with keys.
 */
@Global()
@Module({})
export class BrokerModule {
  static forRoot(baseUrl?: string): DynamicModule {
    const providers: Provider[] = [
      {
        provide: AlpacaClient,
        inject: [
          AppConfig,
          { token: BROKER_BASE_URL, optional: true },
          { token: BrokerRequestListener, optional: true },
          { token: DataSource, optional: true },
        ],
        useFactory: (
          config: AppConfig,
          url?: string,
          listener?: BrokerRequestListener,
          dataSource?: DataSource,
        ) => createAlpacaClient(config, url, listener, dataSource),
      },
    ];
    if (baseUrl !== undefined) providers.push({ provide: BROKER_BASE_URL, useValue: baseUrl });
    return {
      module: BrokerModule,
      providers,
      exports: [AlpacaClient],
    };
  }
}
