import { Injectable } from '@nestjs/common';
import { assertValidTargets, type Strategy, type TargetWeight } from './strategy';
import { StrategyTargetsService } from './strategy-targets.service';

/**
 * Holds the same weights every day: the targets saved in the admin (strategy_target), or
 * STRATEGY_TARGETS while none are saved. Rebalancing to them is the planner's job.
 */
@Injectable()
export class FixedWeightsStrategy implements Strategy {
  readonly name = 'fixed-weights';

  constructor(private readonly targetsService: StrategyTargetsService) {}

  async targets(): Promise<TargetWeight[]> {
    const { targets } = await this.targetsService.get();
    assertValidTargets(this.name, targets);
    return targets;
  }
}
