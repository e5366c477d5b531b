import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from '../../infra/config/app-config';
import { BROKER, BROKER_FAILURE_CLASSIFIER } from '../execution/execution.tokens';
import { AlpacaClient, classifyBrokerFailure, type BrokerRequestEvent } from './alpaca.client';

/** Hook for broker request metrics (alerts/metrics module subscribes). */
export abstract class BrokerRequestListener {
  abstract onRequest(event: BrokerRequestEvent): void;
}

/** The Alpaca client at a base URL resolved at boot (configured host, or the local sandbox). */
@Global()
@Module({})
export class BrokerModule {
  static forRoot(baseUrl: string): DynamicModule {
    return {
      module: BrokerModule,
      providers: [
        {
          provide: AlpacaClient,
          inject: [AppConfig, { token: BrokerRequestListener, optional: true }],
          useFactory: (config: AppConfig, listener?: BrokerRequestListener) =>
            new AlpacaClient({
              baseUrl,
              // The sandbox accepts any non-empty key pair.
              keyId: config.alpaca.keyId ?? 'sandbox-key-id',
              secretKey: config.alpaca.secretKey ?? 'sandbox-secret-key',
              live: config.alpaca.live,
              rateLimitPerMinute: config.alpaca.rateLimitPerMinute,
              timeoutMs: config.alpaca.timeoutMs,
              onRequest: listener ? (event) => listener.onRequest(event) : undefined,
            }),
        },
        { provide: BROKER, useExisting: AlpacaClient },
        { provide: BROKER_FAILURE_CLASSIFIER, useValue: classifyBrokerFailure },
      ],
      exports: [AlpacaClient, BROKER, BROKER_FAILURE_CLASSIFIER],
    };
  }
}
