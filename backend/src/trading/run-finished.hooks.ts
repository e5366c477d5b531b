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
 * snapshot and daily summary), so trading depends on none of them. The hooks run in the background,
 * one after the other: whoever waits for the run (an operator's POST /api/runs, the CLI, the
 * scheduler) has its outcome without waiting for the portfolio's broker reads. A hook's failure is
 * logged and never changes the run's outcome. Shutdown waits for them (DailyRunService).
 */
@Injectable()
export class RunFinishedHooks {
  private readonly logger = new Logger(RunFinishedHooks.name);
  private readonly hooks: { name: string; hook: RunFinishedHook }[] = [];
  private readonly pending = new Set<Promise<void>>();

  register(name: string, hook: RunFinishedHook): void {
    this.hooks.push({ name, hook });
  }

  /** Starts the hooks for a recorded run; returns at once. */
  fire(finished: FinishedRun): void {
    const running: Promise<void> = this.runAll(finished).finally(() =>
      this.pending.delete(running),
    );
    this.pending.add(running);
  }

  /** Resolves once every hook started so far (and any started meanwhile) has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async runAll(finished: FinishedRun): Promise<void> {
    for (const { name, hook } of this.hooks)
      await hook(finished).catch((error: unknown) =>
        this.logger.warn(`${name} after run ${finished.run.id} failed: ${errorText(error)}`),
      );
  }
}
