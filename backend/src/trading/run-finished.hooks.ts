import { Injectable, Logger } from '@nestjs/common';
import { errorText } from '../infra/error-text';
import type { OrderIntentEntity } from './order-intent.entity';

/** A finished run as its observers see it (the run is already recorded). */
export interface FinishedRun {
  run: { id: string; job: string; tradingDay: string };
  outcome: { status: string; dryRun: boolean };
  orders: OrderIntentEntity[];
}

export type RunFinishedHook = (finished: FinishedRun) => Promise<void>;

/**
 * What runs after a run is recorded, registered by the features above trading (the portfolio's
 * snapshot and daily summary), so trading depends on none of them. A hook's failure is logged and
 * never changes the run's outcome.
 */
@Injectable()
export class RunFinishedHooks {
  private readonly logger = new Logger(RunFinishedHooks.name);
  private readonly hooks: { name: string; hook: RunFinishedHook }[] = [];

  register(name: string, hook: RunFinishedHook): void {
    this.hooks.push({ name, hook });
  }

  async fire(finished: FinishedRun): Promise<void> {
    for (const { name, hook } of this.hooks)
      await hook(finished).catch((error: unknown) =>
        this.logger.warn(`${name} after run ${finished.run.id} failed: ${errorText(error)}`),
      );
  }
}
