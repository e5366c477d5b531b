import { Injectable } from '@nestjs/common';
import type { StrategyPort, TargetWeight } from '../run-ports';
import { StrategyTargetsService } from './strategy-targets.service';

/** Holds the configured weights, rebalancing to them every trading day. */
@Injectable()
export class FixedWeightsStrategy implements StrategyPort {
  readonly name = 'fixed-weights';

  constructor(private readonly targetsService: StrategyTargetsService) {}

  async targets(): Promise<TargetWeight[]> {
    return (await this.targetsService.get()).targets;
  }
}
