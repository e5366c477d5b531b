import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../infra/config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import type { JobRunEntity, RunTrigger } from '../scheduling/job-run.entity';
import { JobRunRepository, type RunRequest } from '../scheduling/job-run.repository';
import { TogglesService } from '../toggles/toggles.service';
import { ALERTS, type AlertPort } from './alert-port';
import type { BrokerAsset, BrokerPort } from './execution/broker-port';
import { BROKER } from './execution/execution.tokens';
import { OrderExecutor } from './execution/order-executor';
import { OrderReconciler } from './execution/order-reconciler';
import type { IntentStatus, OrderIntentEntity } from './order-intent.entity';
import { OPEN_STATUSES, OrderIntentRepository } from './order-intent.repository';
import {
  MARKET_GATE,
  PLANNER,
  STRATEGY_PORT,
  type GateResult,
  type MarketGatePort,
  type Plan,
  type PlannerPort,
  type StrategyPort,
} from './run-ports';

export const DAILY_JOB = 'daily-rebalance';
/** Operators' rehearsals have a ledger of their own, so they never use up the day's real run. */
export const DRY_RUN_JOB = 'daily-rebalance-dry-run';

export interface AttemptRequest {
  trigger: RunTrigger;
  /** Plan and record as simulated, send nothing. */
  dryRun?: boolean;
  requestedBy?: string | null;
  reason?: string | null;
}

export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'skipped';
  reason: string | null;
  run: JobRunEntity | null;
}

export interface PlanPreview {
  tradingDay: string | null;
  gate: GateResult;
  mode: 'live' | 'dry-run';
  modeReason: string | null;
  strategy: string;
  equity: string | null;
  intents: (Plan['intents'][number] & { clientOrderId: string })[];
  skipped: Plan['skipped'];
  error: string | null;
}

const nyToday = () => DateTime.now().setZone('America/New_York').toISODate()!;

/**
 * The daily run: gate → ledger claim → plan → persist → submit → reconcile → finish. Every trigger
 * (cron, manual, catch-up, CLI) comes through `attempt`, so they share one gate and one ledger.
 */
@Injectable()
export class DailyRunService {
  private readonly logger = new Logger(DailyRunService.name);
  private assetsCache: { day: string; bySymbol: Map<string, BrokerAsset> } | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly ledger: JobRunRepository,
    private readonly orders: OrderIntentRepository,
    private readonly toggles: TogglesService,
    private readonly executor: OrderExecutor,
    private readonly reconciler: OrderReconciler,
    @Inject(BROKER) private readonly broker: BrokerPort,
    @Inject(MARKET_GATE) private readonly gate: MarketGatePort,
    @Inject(STRATEGY_PORT) private readonly strategy: StrategyPort,
    @Inject(PLANNER) private readonly planner: PlannerPort,
    @Inject(ALERTS) private readonly alerts: AlertPort,
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
    try {
      const outcome = await this.attemptOnce(request, job);
      observe(outcome.status, outcome.run);
      return outcome;
    } catch (error) {
      observe('error');
      throw error;
    }
  }

  private async attemptOnce(request: AttemptRequest, job: string): Promise<RunOutcome> {
    const gate = await this.gate.decide();
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
      // The broker could not be asked: never assume open. Failed (not skipped) so it alerts, and a
      // later trigger inside the window tries again. The date is the host's New York date, for the record only.
      const tradingDay = gate.tradingDay ?? nyToday();
      const reason = `market gate unknown: ${gate.reason}`;
      const run = await this.ledger.recordFinished(base(tradingDay), { status: 'failed', reason });
      await this.raiseFailure(run, reason);
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
    switch (claim.kind) {
      case 'already-succeeded':
        return skip(`already succeeded today (run ${claim.run.id})`);
      case 'in-progress':
        return skip(`in progress in ${claim.run.owner} (run ${claim.run.id})`);
      case 'attempts-exhausted':
        return skip(`${claim.attempts} attempts already made today; not trying again`);
      case 'taken-over':
        this.logger.warn(
          `run ${claim.run.id} taken over from ${claim.previousOwner} (stale heartbeat); resuming`,
        );
        return this.execute(claim.run, { resumed: true, previousOwner: claim.previousOwner });
      case 'claimed':
        return this.execute(claim.run, { resumed: false });
    }
  }

  /**
   * At boot (worker roles): follow up orders a previous process left unfinished, then, if the market
   * is open inside the window and today has no successful run, attempt it now. Outside the window
   * nothing is recorded, so deploys don't litter the ledger with skips.
   */
  async catchUp(): Promise<RunOutcome | null> {
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
    if (active?.status === 'succeeded') return null;
    this.logger.warn(`catching up: ${gate.tradingDay} is inside the window with no successful run`);
    return this.attempt({ trigger: 'catch-up' });
  }

  /** Today's planned orders, nothing persisted or sent. */
  async preview(): Promise<PlanPreview> {
    const gate = await this.gate.decide();
    const effective = this.toggles.effective(await this.toggles.get());
    const preview: PlanPreview = {
      tradingDay: gate.tradingDay,
      gate,
      mode: effective.mode,
      modeReason: effective.reason,
      strategy: this.strategy.name,
      equity: null,
      intents: [],
      skipped: [],
      error: null,
    };
    const tradingDay = gate.tradingDay;
    if (!tradingDay) return { ...preview, error: `broker unreachable: ${gate.reason}` };
    try {
      const { plan, equity } = await this.buildPlan(tradingDay);
      return {
        ...preview,
        equity,
        skipped: plan.skipped,
        intents: plan.intents.map((intent) => ({
          ...intent,
          clientOrderId: this.clientOrderId(tradingDay, intent),
        })),
      };
    } catch (error) {
      return { ...preview, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private clientOrderId(
    tradingDay: string,
    intent: { symbol: string; side: 'buy' | 'sell' },
  ): string {
    return this.planner.clientOrderId({
      tradingDay,
      strategy: this.strategy.name,
      symbol: intent.symbol,
      side: intent.side,
    });
  }

  private async buildPlan(tradingDay: string): Promise<{ plan: Plan; equity: string }> {
    const targets = await this.strategy.targets({ tradingDay });
    const [account, positions, alreadySent] = await Promise.all([
      this.broker.getAccount(),
      this.broker.listPositions(),
      this.orders.sentNotionalForDay(tradingDay),
    ]);
    const symbols = [
      ...new Set([...targets.map((t) => t.symbol), ...positions.map((p) => p.symbol)]),
    ];
    const assets = await this.assetsFor(tradingDay, symbols);
    const plan = this.planner.plan({
      tradingDay,
      strategy: this.strategy.name,
      targets,
      equity: account.equity,
      positions: positions.map((p) => ({
        symbol: p.symbol,
        qty: p.qty,
        marketValue: p.market_value,
        side: p.side,
        price: p.current_price ?? null,
      })),
      assets,
      alreadySentNotionalToday: alreadySent,
    });
    return { plan, equity: account.equity };
  }

  /** Asset flags for the plan: the whole active list once per trading day, single lookups for the rest. */
  private async assetsFor(tradingDay: string, symbols: string[]): Promise<PlanInput['assets']> {
    if (this.assetsCache?.day !== tradingDay) {
      const all = await this.broker.listAssets();
      this.assetsCache = { day: tradingDay, bySymbol: new Map(all.map((a) => [a.symbol, a])) };
    }
    const result: PlanInput['assets'] = {};
    for (const symbol of symbols) {
      let asset = this.assetsCache.bySymbol.get(symbol);
      if (!asset) {
        asset = await this.broker.getAsset(symbol).catch(() => undefined);
        if (asset) this.assetsCache.bySymbol.set(symbol, asset);
      }
      if (asset)
        result[symbol] = {
          tradable: asset.tradable,
          fractionable: asset.fractionable,
          status: asset.status,
        };
    }
    return result;
  }

  private async execute(
    run: JobRunEntity,
    context: { resumed: boolean; previousOwner?: string },
  ): Promise<RunOutcome> {
    let owned = true;
    const beat = setInterval(
      () => {
        void this.ledger
          .heartbeat(run.id, this.owner)
          .then((still) => {
            if (!still) owned = false;
          })
          .catch((error: unknown) => this.logger.warn(`heartbeat failed: ${String(error)}`));
      },
      Math.max(1000, (this.config.run.staleAfterSeconds * 1000) / 4),
    );
    beat.unref();
    const startedAt = Date.now();
    try {
      const effective = this.toggles.effective(await this.toggles.get());
      const dryRun = run.dryRun || !effective.enabled;
      const strategy = this.strategy.name;
      let intents: OrderIntentEntity[];
      const notes: string[] = [];
      const existing = dryRun ? [] : await this.orders.realForDay(run.tradingDay, strategy);
      const unfinished = existing.filter((i) => OPEN_STATUSES.includes(i.status));

      if (unfinished.length > 0) {
        // Resuming the day: continue the plan already persisted; never plan the same day twice.
        await this.orders.adopt(
          run.id,
          unfinished.map((i) => i.id),
        );
        intents = unfinished;
        notes.push(`resumed ${unfinished.length} unfinished order(s) of an earlier attempt`);
      } else {
        const { plan } = await this.buildPlan(run.tradingDay);
        const alreadyOrdered = new Set(existing.map((i) => i.clientOrderId));
        const fresh = plan.intents
          .map((intent) => ({
            ...intent,
            clientOrderId: this.clientOrderId(run.tradingDay, intent),
          }))
          .filter((intent) => {
            if (!alreadyOrdered.has(intent.clientOrderId)) return true;
            notes.push(
              `${intent.side} ${intent.symbol}: already ordered today (${intent.clientOrderId})`,
            );
            return false;
          });
        intents = await this.orders.insertMany(
          { id: run.id, tradingDay: run.tradingDay, strategy, simulated: dryRun },
          fresh.map((intent) => ({
            clientOrderId: intent.clientOrderId,
            symbol: intent.symbol,
            side: intent.side,
            notional: intent.notional,
            qty: intent.qty,
            estimatedNotional: intent.estimatedNotional,
            status: dryRun && intent.status === 'planned' ? 'simulated' : intent.status,
            riskNotes: intent.riskNotes,
          })),
        );
        if (plan.skipped.length) notes.push(...plan.skipped.map((s) => `${s.symbol}: ${s.reason}`));
      }

      let halted: string | null = null;
      if (!dryRun) {
        const execution = await this.executor.execute(intents, {
          concurrency: this.config.run.submitConcurrency,
          stillOwner: () => owned,
        });
        halted = execution.haltReason;
        await this.reconciler.reconcile(await this.orders.forRun(run.id), {
          deadline: new Date(Date.now() + this.config.run.reconcileDeadlineSeconds * 1000),
          pollMs: this.config.run.reconcilePollMs,
        });
      }

      const final = await this.orders.forRun(run.id);
      const counts = final.reduce<Partial<Record<IntentStatus, number>>>(
        (acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }),
        {},
      );
      const summary = {
        mode: dryRun ? 'dry-run' : 'live',
        modeReason: dryRun ? (run.dryRun ? 'requested' : effective.reason) : null,
        strategy,
        orders: final.length,
        counts,
        resumed: context.resumed,
        notes,
        halted,
        durationMs: Date.now() - startedAt,
      };
      const rejected = final.filter((i) => i.status === 'rejected');
      if (rejected.length > 0) {
        await this.alerts.raise({
          kind: 'orders_rejected',
          dedupKey: `orders_rejected:${run.id}:${rejected.length}`,
          severity: 'warning',
          tradingDay: run.tradingDay,
          summary: `${rejected.length} order(s) rejected on ${run.tradingDay}: ${rejected.map((r) => `${r.side} ${r.symbol} (${r.rejectReason ?? 'no reason'})`).join('; ')}`,
          details: { runId: run.id },
        });
      }
      const failure = halted ?? (owned ? null : 'run taken over by another process');
      if (
        !(await this.ledger.finish(run.id, this.owner, {
          status: failure ? 'failed' : 'succeeded',
          summary,
          error: failure,
        }))
      ) {
        return { status: 'failed', reason: 'run taken over by another process', run };
      }
      if (failure) await this.raiseFailure(run, failure);
      this.logger.log(
        `run ${run.id} ${failure ? 'failed' : 'succeeded'}: ${JSON.stringify(counts)}`,
      );
      return {
        status: failure ? 'failed' : 'succeeded',
        reason: failure,
        run: await this.ledger.findById(run.id),
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`run ${run.id} failed: ${reason}`);
      await this.ledger.finish(run.id, this.owner, {
        status: 'failed',
        summary: { durationMs: Date.now() - startedAt },
        error: reason,
      });
      await this.raiseFailure(run, reason);
      return { status: 'failed', reason, run: await this.ledger.findById(run.id) };
    } finally {
      clearInterval(beat);
    }
  }

  private async raiseFailure(run: JobRunEntity, reason: string): Promise<void> {
    await this.alerts
      .raise({
        kind: 'run_failed',
        dedupKey: `run_failed:${run.id}:${run.attempt}`,
        severity: 'critical',
        tradingDay: run.tradingDay,
        summary: `run ${run.job} for ${run.tradingDay} failed (${run.trigger}, attempt ${run.attempt}): ${reason}`,
        details: { runId: run.id, trigger: run.trigger },
      })
      .catch((error: unknown) => this.logger.error(`could not raise alert: ${String(error)}`));
  }
}

type PlanInput = Parameters<PlannerPort['plan']>[0];
