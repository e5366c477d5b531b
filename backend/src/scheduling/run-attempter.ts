import type { RunTrigger } from './job-run.entity';

/** What the scheduler asks of the trading side: try today's run (the run service decides everything). */
export abstract class RunAttempter {
  abstract attempt(trigger: RunTrigger): Promise<unknown>;
  /** At boot: reconcile leftovers, and run now if today's window is open with no run yet. */
  abstract catchUp(): Promise<unknown>;
}
