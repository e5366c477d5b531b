import { Module } from '@nestjs/common';
import { AppConfig } from '../../infra/config/app-config';
import { STRATEGY_PORT } from '../run-ports';
import { CongressBuysStrategy } from './congress-buys.strategy';
import { FixedWeightsStrategy } from './fixed-weights.strategy';
import { QuiverClient } from './quiver.client';
import type { Strategy } from './strategy';
import { StrategyTargetsService } from './strategy-targets.service';

/** Injection token of the configured Strategy (the same token the run service injects). */
export const STRATEGY = STRATEGY_PORT;

/** Builds the strategy STRATEGY names; only the chosen one is constructed. */
export function createStrategy(config: AppConfig, targets: StrategyTargetsService): Strategy {
  const name = config.strategy.name;
  switch (name) {
    case 'fixed-weights':
      return new FixedWeightsStrategy(targets);
    case 'congress-buys':
      return new CongressBuysStrategy(
        new QuiverClient(config.strategy.quiver.baseUrl, config.strategy.quiver.token ?? ''),
        config,
      );
    default: {
      const unknown: never = name;
      throw new Error(`unknown strategy "${String(unknown)}"`);
    }
  }
}

/**
 * The strategies: `STRATEGY` (chosen by the STRATEGY variable) and the fixed-weights targets
 * service the API edits. Needs AppConfig (global) and the app's TypeORM connection.
 */
@Module({
  providers: [
    StrategyTargetsService,
    { provide: STRATEGY, inject: [AppConfig, StrategyTargetsService], useFactory: createStrategy },
  ],
  exports: [STRATEGY, StrategyTargetsService],
})
export class StrategiesModule {}
