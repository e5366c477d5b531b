import { setTimeout as sleep } from 'node:timers/promises';
import {
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../infra/config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import type { JobRunEntity, RunTrigger } from '../scheduling/job-run.entity';
import { JobRunRepository, type RunRequest } from '../scheduling/job-run.repository';
import { DAILY_JOB, DRY_RUN_JOB } from '../scheduling/scheduling.constants';
import { TogglesService } from '../toggles/toggles.service';
import { OrderReconciler } from './execution/order-reconciler';
import { OrderIntentRepository } from './order-intent.repository';
import { RunExecution, type RunOutcome } from './run-execution';
import { RunFinishedHooks } from './run-finished.hooks';
import { RunPlanBuilder } from './run-plan.builder';
import { type Plan } from './planner/plan.types';
import { MarketGateService } from '../market-gate/market-gate.service';
import type { Gate } from '../market-gate/market-gate';
import { errorText } from '../infra/error-text';

export type { RunOutcome } from './run-execution';

export interface AttemptRequest {
  trigger: RunTrigger;
  /** Plan and record as simulated, send nothing. */
  dryRun?: boolean;
  requestedBy?: string | null;
  reason?: string | null;
}

export interface PlanPreview {
  tradingDay: string | null;
  gate: Gate;
  mode: 'live' | 'dry-run';
  modeReason: string | null;
  strategy: string;
  equity: string | null;
  intents: (Plan['intents'][number] & { clientOrderId: string })[];
  skipped: Plan['skipped'];
  error: string | null;
}

const nyToday = () => DateTime.now().setZone('America/New_York').toISODate()!;
/** After waiting for the open, ask again this long after the broker's announced instant. */
const OPEN_MARGIN_MS = 250;
/** Left of SHUTDOWN_TIMEOUT_MS after the drain, for the halted workers to stop and the run to be recorded. */
const SHUTDOWN_RESERVE_MS = 3_000;

/**
 * The daily run's front door: every trigger (cron, manual, catch-up, CLI) comes through `attempt`,
 * so they share one gate and one ledger. Gate (waiting out the last minutes before the open by the
 * broker's clock) → claim the day in the ledger → RunExecution. Also: boot catch-up, preview, and a
 * shutdown that drains or hands over the runs in flight.
 */
@Injectable()
export class DailyRunService implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(DailyRunService.name);
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Set on shutdown: no new attempt claims the day in this process. */
  private closing = false;
  /** Set when the drain time is up: attempts in flight stop taking orders, for this reason. */
  private shuttingDown: string | null = null;
  private drainTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly ledger: JobRunRepository,
    private readonly orders: OrderIntentRepository,
    private readonly toggles: TogglesService,
    private readonly reconciler: OrderReconciler,
    private readonly execution: RunExecution,
    private readonly plans: RunPlanBuilder,
    private readonly gate: MarketGateService,
    private readonly finished: RunFinishedHooks,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  private get owner(): string {
    return this.config.instanceId;
  }

  async attempt(request: AttemptRequest): Promise<RunOutcome> {
    const job = request.dryRun ? DRY_RUN_JOB : DAILY_JOB;
    const startedAt = performance.now();
    const observe = (outcome: string, run: JobRunEntity | null = null) =>
      this.metrics?.runAttempted({
        job,
        trigger: request.trigger,
        outcome,
        durationSeconds: (performance.now() - startedAt) / 1000,
        orderCounts: (run?.summary?.counts ?? undefined) as Record<string, number> | undefined,
      });
    const running = this.attemptOnce(request, job);
    this.inFlight.add(running);
    try {
      const outcome = await running;
      observe(outcome.status, outcome.run);
      return outcome;
    } catch (error) {
      observe('error');
      throw error;
    } finally {
      this.inFlight.delete(running);
    }
  }

  private async attemptOnce(request: AttemptRequest, job: string): Promise<RunOutcome> {
    // The plan's broker reads go out beside the gate's clock: one round trip before the first
    // order instead of two. Used only by a fresh claim that did not wait for the open (otherwise
    // dropped: a few reads, no harm).
    const deciding = this.decideWaitingForOpen();
    const early = this.plans.readBroker('run');
    const { gate, waited } = await deciding;
    const base = (tradingDay: string): RunRequest => ({
      job,
      tradingDay,
      trigger: request.trigger,
      owner: this.owner,
      dryRun: request.dryRun === true,
      requestedBy: request.requestedBy ?? null,
      reason: request.reason ?? null,
    });

    if (gate.decision === 'unknown') {
      // The broker could not be asked: never assume open. Failed (not skipped) so it alerts, with
      // attempt 0: it never claimed the day, so it does not count against RUN_MAX_ATTEMPTS_PER_DAY
      // and a later trigger tries again. The date is the host's New York date, for the record only.
      const tradingDay = gate.tradingDay ?? nyToday();
      const reason = `market gate unknown: ${gate.reason}`;
      const run = await this.ledger.recordFinished(base(tradingDay), { status: 'failed', reason });
      await this.execution.raiseFailure(run, reason);
      return { status: 'failed', reason, run };
    }
    const tradingDay = gate.tradingDay!;
    const skip = async (reason: string): Promise<RunOutcome> => {
      const run = await this.ledger.recordFinished(base(tradingDay), {
        status: 'skipped',
        reason,
        summary: { gate: gate.decision },
      });
      this.logger.log(`run skipped (${request.trigger}): ${reason}`);
      return { status: 'skipped', reason, run };
    };
    if (gate.decision !== 'open') return skip(gate.reason);
    if (this.closing) return skip('this process is shutting down');
    if (
      (request.trigger === 'cron' || request.trigger === 'catch-up') &&
      !(await this.toggles.get()).schedulerEnabled
    ) {
      return skip('scheduler paused');
    }

    const claim = await this.ledger.claim(base(tradingDay), {
      staleAfterSeconds: this.config.run.staleAfterSeconds,
      maxAttempts: this.config.run.maxAttemptsPerDay,
    });
    const haltRequested = () => this.shuttingDown;
    switch (claim.kind) {
      case 'already-succeeded':
        return skip(`already ${claim.run.status} today (run ${claim.run.id})`);
      case 'in-progress':
        return skip(`in progress in ${claim.run.owner} (run ${claim.run.id})`);
      case 'attempts-exhausted':
        return skip(`${claim.attempts} attempts already made today; not trying again`);
      case 'taken-over':
        this.logger.warn(
          `run ${claim.run.id} taken over from ${claim.previousOwner} (stale heartbeat); resuming`,
        );
        return this.execution.execute(claim.run, {
          resumed: true,
          previousOwner: claim.previousOwner,
          haltRequested,
        });
      case 'claimed':
        return this.execution.execute(claim.run, {
          resumed: false,
          haltRequested,
          brokerReads: waited ? undefined : early,
        });
    }
  }

  /**
   * The gate; when the broker says the open is at most RUN_WAIT_FOR_OPEN_SECONDS away (its clock
   * against its calendar), wait for it and ask again instead of skipping: in winter the only
   * in-window trigger fires at the opening second, and a broker timestamp a few ms early must not
   * lose the day.
   */
  private async decideWaitingForOpen(): Promise<{ gate: Gate; waited: boolean }> {
    const gate = await this.gate.decide();
    const wait = gate.opensInMs;
    if (
      gate.decision !== 'closed' ||
      wait === undefined ||
      wait > this.config.run.waitForOpenSeconds * 1000 ||
      this.closing
    )
      return { gate, waited: false };
    this.logger.log(`market opens in ${Math.ceil(wait / 1000)} s by the broker's clock; waiting`);
    await sleep(wait + OPEN_MARGIN_MS);
    return { gate: await this.gate.decide(), waited: true };
  }

  /**
   * At boot (worker roles): record as failed the runs whose owner died, follow up orders a previous
   * process left unfinished (never another live process's), then, if the market is open inside the
   * window and today has no finished run, attempt it now. Outside the window nothing is recorded, so
   * deploys don't litter the ledger with skips.
   */
  async catchUp(): Promise<RunOutcome | null> {
    await this.sweepAbandoned();
    const unfinished = await this.orders.unfinished();
    if (unfinished.length > 0) {
      this.logger.log(
        `reconciling ${unfinished.length} unfinished order(s) left by an earlier process`,
      );
      await this.reconciler.reconcile(unfinished, {
        deadline: new Date(Date.now() + 60_000),
        pollMs: this.config.run.reconcilePollMs,
      });
    }
    const gate = await this.gate.decide();
    if (gate.decision !== 'open') {
      this.logger.log(`no catch-up run: ${gate.reason}`);
      return null;
    }
    const active = await this.ledger.findActive(DAILY_JOB, gate.tradingDay!);
    if (active && active.status !== 'running') return null;
    this.logger.warn(`catching up: ${gate.tradingDay} is inside the window with no finished run`);
    return this.attempt({ trigger: 'catch-up' });
  }

  /** Runs left `running` by a dead owner → failed, with a run_failed alert each. */
  async sweepAbandoned(): Promise<JobRunEntity[]> {
    const swept = await this.ledger.sweepAbandoned(this.config.run.staleAfterSeconds);
    for (const run of swept) {
      this.logger.warn(`run ${run.id} abandoned by ${run.owner}: recorded failed`);
      await this.execution.raiseFailure(run, run.error ?? 'abandoned');
    }
    return swept;
  }

  /** Today's planned orders, nothing persisted or sent; its broker reads wait behind the run's. */
  async preview(): Promise<PlanPreview> {
    const gate = await this.gate.decide();
    const effective = this.toggles.effective(await this.toggles.get());
    const preview: PlanPreview = {
      tradingDay: gate.tradingDay,
      gate,
      mode: effective.mode,
      modeReason: effective.reason,
      strategy: this.plans.strategyName,
      equity: null,
      intents: [],
      skipped: [],
      error: null,
    };
    const tradingDay = gate.tradingDay;
    if (!tradingDay) return { ...preview, error: `broker unreachable: ${gate.reason}` };
    try {
      const { plan, equity } = await this.plans.build(tradingDay, 'read');
      return {
        ...preview,
        equity,
        skipped: plan.skipped,
        intents: plan.intents.map((intent) => ({
          ...intent,
          clientOrderId: this.plans.clientOrderId(tradingDay, intent),
        })),
      };
    } catch (error) {
      return { ...preview, error: errorText(error) };
    }
  }

  /**
   * Drain, then hand over. On shutdown (onModuleDestroy runs before every other shutdown hook) no new
   * attempt starts; attempts in flight get until SHUTDOWN_TIMEOUT_MS (less a reserve) to finish; then
   * they are told to stop taking orders, their in-flight orders are answered, and the run is
   * recorded failed ("interrupted") so the next trigger resumes its unfinished orders.
   */
  onModuleDestroy(): void {
    this.closing = true;
    if (this.inFlight.size === 0) return;
    const drainMs = Math.max(0, this.config.shutdownTimeoutMs - SHUTDOWN_RESERVE_MS);
    this.drainTimer = setTimeout(() => {
      if (this.inFlight.size === 0) return;
      this.logger.warn(`${this.inFlight.size} run attempt(s) still in flight at shutdown: halting`);
      this.shuttingDown =
        'interrupted: process shutting down; the next trigger resumes the unfinished orders';
    }, drainMs);
    this.drainTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    clearTimeout(this.drainTimer);
    // What the finished runs started in the background (the portfolio's snapshot and summary).
    await this.finished.settled();
  }
}
