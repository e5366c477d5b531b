import { Module } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';
import { MarketGateModule } from '../market-gate/market-gate.module';
import { JobRunRepository } from '../scheduling/job-run.repository';
import { TogglesModule } from '../toggles/toggles.module';
import { ALERTS } from './alert-port';
import { DailyRunService } from './daily-run.service';
import { OrderExecutor } from './execution/order-executor';
import { OrderReconciler } from './execution/order-reconciler';
import { OrderIntentRepository } from './order-intent.repository';
import { PlannerService } from './planner/planner.service';
import { PLANNER, STRATEGY_PORT } from './run-ports';
import { CongressBuysStrategy } from './strategies/congress-buys.strategy';
import { FixedWeightsStrategy } from './strategies/fixed-weights.strategy';
import { QuiverClient } from './strategies/quiver.client';
import { StrategyTargetsService } from './strategies/strategy-targets.service';
import { LoggingAlerts } from './logging-alerts';

/** Everything the daily run needs; the broker comes from the global BrokerModule. */
@Module({
  imports: [MarketGateModule, TogglesModule],
  providers: [
    JobRunRepository,
    OrderIntentRepository,
    OrderExecutor,
    OrderReconciler,
    DailyRunService,
    StrategyTargetsService,
    FixedWeightsStrategy,
    {
      provide: QuiverClient,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new QuiverClient(
          config.strategy.quiver.baseUrl,
          config.strategy.quiver.token ?? '',
          config.alpaca.timeoutMs,
        ),
    },
    CongressBuysStrategy,
    {
      provide: STRATEGY_PORT,
      inject: [AppConfig, FixedWeightsStrategy, CongressBuysStrategy],
      useFactory: (
        config: AppConfig,
        fixed: FixedWeightsStrategy,
        congress: CongressBuysStrategy,
      ) => (config.strategy.name === 'congress-buys' ? congress : fixed),
    },
    { provide: PLANNER, useClass: PlannerService },
    { provide: ALERTS, useClass: LoggingAlerts },
  ],
  exports: [
    DailyRunService,
    JobRunRepository,
    OrderIntentRepository,
    OrderReconciler,
    StrategyTargetsService,
    TogglesModule,
    MarketGateModule,
    ALERTS,
  ],
})
export class TradingModule {}
