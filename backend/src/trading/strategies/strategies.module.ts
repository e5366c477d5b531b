import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { AppConfig } from '../../infra/config/app-config';
import { CongressBuysStrategy } from './congress-buys.strategy';
import { FixedWeightsStrategy } from './fixed-weights.strategy';
import { QuiverClient } from './quiver.client';
import type { Strategy } from './strategy';
import { StrategyTargetsService } from './strategy-targets.service';

/**
 * Injection token of the configured Strategy: the one port with more than one implementation
 * (fixed-weights, congress-buys), chosen by the STRATEGY variable at boot.
 */
export const STRATEGY = Symbol('STRATEGY');

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
  imports: [AuditModule],
  providers: [
    StrategyTargetsService,
    { provide: STRATEGY, inject: [AppConfig, StrategyTargetsService], useFactory: createStrategy },
  ],
  exports: [STRATEGY, StrategyTargetsService],
})
export class StrategiesModule {}
