import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { AlertMonitoringModule } from './alerts/alert-monitoring.module';
import { ApiModule } from './api.module';
import { HealthModule } from './health/health.module';
import { MarketGateModule } from './market-gate/market-gate.module';
import { BrokerModule } from './trading/broker/broker.module';
import { DailyRunService } from './trading/daily-run.service';
import { TradingModule } from './trading/trading.module';
import { RUN_CONNECTIONS } from './trading/warm-connections';
import { AppConfig } from './infra/config/app-config';
import { dataSourceOptions } from './infra/database/data-source';
import { InfraModule } from './infra/infra.module';
import { LifecycleService } from './infra/lifecycle/lifecycle.service';
import { loggingModule } from './infra/logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { RunAttempter } from './scheduling/run-attempter';
import { SchedulingModule } from './scheduling/scheduling.module';
import { PortfolioModule } from './portfolio/portfolio.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  brokerBaseUrl: string;
  logger: Logger;
  lifecycle: LifecycleService;
}

/** Modules load by APP_ROLE: `web` serves the API, `worker` runs the scheduler, `all` does both. */
@Module({})
export class AppModule {
  static forRoot({
    config,
    databaseUrl,
    brokerBaseUrl,
    logger,
    lifecycle,
  }: AppModuleOptions): DynamicModule {
    const runAttempter: Provider = {
      provide: RunAttempter,
      inject: [DailyRunService],
      useFactory: (runs: DailyRunService): RunAttempter => ({
        attempt: (trigger) => runs.attempt({ trigger }),
        catchUp: () => runs.catchUp(),
      }),
    };
    return {
      module: AppModule,
      imports: [
        InfraModule.forRoot(config, lifecycle),
        loggingModule(logger),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, {
            applicationName: `openbell-${config.role}`,
            // Kept open for the run (see trading/warm-connections.ts).
            minConnections: RUN_CONNECTIONS,
          }),
          // Boot must not hang on an unreachable database: readiness reports it instead.
          retryAttempts: 0,
        }),
        MetricsModule,
        AlertMonitoringModule,
        BrokerModule.forRoot(brokerBaseUrl),
        MarketGateModule,
        TradingModule,
        PortfolioModule,
        HealthModule,
        ...(config.servesApi ? [ApiModule] : []),
        ...(config.runsScheduler ? [SchedulingModule.forRoot(runAttempter, [TradingModule])] : []),
      ],
    };
  }
}
