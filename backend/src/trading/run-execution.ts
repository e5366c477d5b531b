import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';
import type { JobRunEntity } from '../scheduling/job-run.entity';
import { JobRunRepository } from '../scheduling/job-run.repository';
import { TogglesService } from '../toggles/toggles.service';
import { AlertsService } from '../alerts/alerts.service';
import { sizeBuysToBuyingPower } from './execution/buy-sizing';
import { DispatchGuard } from './execution/dispatch-guard';
import { OrderExecutor, type ExecutionOptions } from './execution/order-executor';
import { OrderReconciler } from './execution/order-reconciler';
import type { IntentStatus, OrderIntentEntity } from './order-intent.entity';
import { FINAL_STATUSES, OPEN_STATUSES, OrderIntentRepository } from './order-intent.repository';
import { RunPlanBuilder, type BrokerReads, type OwnReads } from './run-plan.builder';
import { AlpacaClient } from './broker/alpaca.client';
import { RunFinishedHooks } from './run-finished.hooks';
import { errorText } from '../infra/error-text';

export type RunStatusOutcome = 'succeeded' | 'partial' | 'failed' | 'skipped';

export interface RunOutcome {
  /** `partial`: the run reached the broker but some orders were rejected or are still open. */
  status: RunStatusOutcome;
  reason: string | null;
  run: JobRunEntity | null;
}

export interface ExecutionContext {
  resumed: boolean;
  previousOwner?: string;
  /** A reason to stop taking new orders (the process is shutting down), or null. */
  haltRequested: () => string | null;
  /** The plan's broker reads, already asked for beside the gate (a fresh claim only). */
  brokerReads?: BrokerReads;
}

/**
 * One claimed run, top to bottom: persist the plan (or resume the day's) → send the sells → follow
 * them up (bounded) → size the buys to the buying power the broker then reports → send the buys →
 * follow everything up → record the outcome. The run is final in the ledger only after every worker
 * has stopped; nothing of it is sent afterwards (the dispatch check needs the run `running` and ours).
 */
@Injectable()
export class RunExecution {
  private readonly logger = new Logger(RunExecution.name);

  constructor(
    private readonly config: AppConfig,
    private readonly ledger: JobRunRepository,
    private readonly orders: OrderIntentRepository,
    private readonly toggles: TogglesService,
    private readonly executor: OrderExecutor,
    private readonly reconciler: OrderReconciler,
    private readonly plans: RunPlanBuilder,
    private readonly guard: DispatchGuard,
    private readonly broker: AlpacaClient,
    private readonly alerts: AlertsService,
    // What features above trading do once a run is recorded (the portfolio: snapshot, daily summary).
    private readonly finished: RunFinishedHooks,
  ) {}

  private get owner(): string {
    return this.config.instanceId;
  }

  async execute(run: JobRunEntity, context: ExecutionContext): Promise<RunOutcome> {
    let owned = true;
    const beat = setInterval(
      () => {
        void this.ledger
          .heartbeat(run.id, this.owner)
          .then((still) => {
            if (!still) owned = false;
          })
          // A failed write is not fatal by itself: the dispatch check refuses every order once the
          // heartbeat is older than half the stale bound, long before another process may take over.
          .catch((error: unknown) => this.logger.warn(`heartbeat failed: ${errorText(error)}`));
      },
      Math.max(1000, (this.config.run.staleAfterSeconds * 1000) / 4),
    );
    beat.unref();
    const startedAt = Date.now();
    try {
      // The toggles, the day's orders so far and the plan's own reads, all at once.
      const own = this.plans.readOwn(run.tradingDay);
      const [toggles, existing] = await Promise.all([
        this.toggles.get(),
        this.orders.realForDay(run.tradingDay, this.plans.strategyName),
      ]);
      const effective = this.toggles.effective(toggles);
      const dryRun = run.dryRun || !effective.enabled;
      const notes: string[] = [];
      const { intents, resumed, buyingPower } = await this.persistPlan(
        run,
        dryRun,
        notes,
        dryRun ? [] : existing,
        { broker: context.brokerReads, own },
      );

      let halted: string | null = null;
      if (!dryRun) {
        const options: ExecutionOptions = {
          concurrency: this.config.run.submitConcurrency,
          dispatchCheck: this.guard.forRun({ id: run.id, owner: this.owner }),
          haltRequested: () =>
            context.haltRequested() ?? (owned ? null : 'run taken over by another process'),
        };
        halted = await this.send(run, intents, options, notes, buyingPower);
        await this.reconciler.reconcile(await this.orders.forRun(run.id), {
          deadline: new Date(Date.now() + this.config.run.reconcileDeadlineSeconds * 1000),
          pollMs: this.config.run.reconcilePollMs,
          stopRequested: context.haltRequested,
        });
      }
      return await this.finish(run, {
        dryRun,
        modeReason: dryRun ? (run.dryRun ? 'requested' : effective.reason) : null,
        notes,
        halted: halted ?? (owned ? null : 'run taken over by another process'),
        resumed: context.resumed || resumed,
        startedAt,
      });
    } catch (error) {
      const reason = errorText(error);
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

  /** The intents this run sends: the day's unfinished ones when resuming, else a new plan. */
  private async persistPlan(
    run: JobRunEntity,
    dryRun: boolean,
    notes: string[],
    /** The day's real intents so far (none for a dry run). */
    existing: OrderIntentEntity[],
    reads: { broker?: BrokerReads; own: OwnReads },
  ): Promise<{ intents: OrderIntentEntity[]; resumed: boolean; buyingPower?: string }> {
    const strategy = this.plans.strategyName;
    const unfinished = existing.filter((i) => OPEN_STATUSES.includes(i.status));
    if (unfinished.length > 0) {
      // Resuming the day: continue the plan already persisted, in its order; never plan twice.
      await this.orders.adopt(
        run.id,
        unfinished.map((i) => i.id),
      );
      notes.push(`resumed ${unfinished.length} unfinished order(s) of an earlier attempt`);
      return { intents: unfinished, resumed: true };
    }
    const { plan, buyingPower } = await this.plans.build(
      run.tradingDay,
      'run',
      reads.broker ?? this.plans.readBroker('run'),
      reads.own,
    );
    const alreadyOrdered = new Set(existing.map((i) => i.clientOrderId));
    const fresh = plan.intents
      .map((intent) => ({
        ...intent,
        clientOrderId: this.plans.clientOrderId(run.tradingDay, intent),
      }))
      .filter((intent) => {
        if (!alreadyOrdered.has(intent.clientOrderId)) return true;
        notes.push(
          `${intent.side} ${intent.symbol}: already ordered today (${intent.clientOrderId})`,
        );
        return false;
      });
    if (plan.skipped.length) notes.push(...plan.skipped.map((s) => `${s.symbol}: ${s.reason}`));
    const intents = await this.orders.insertMany(
      { id: run.id, tradingDay: run.tradingDay, strategy, simulated: dryRun },
      fresh.map((intent) => ({
        clientOrderId: intent.clientOrderId,
        symbol: intent.symbol,
        side: intent.side,
        notional: intent.notional,
        qty: intent.qty,
        estimatedNotional: intent.estimatedNotional,
        plannedPrice: intent.price ?? null, // slippage (run detail) is measured against it
        status: dryRun && intent.status === 'planned' ? 'simulated' : intent.status,
        riskNotes: intent.riskNotes,
      })),
    );
    return { intents, resumed: false, buyingPower };
  }

  /**
   * Sells, then — once they are followed up (at most RUN_SELL_WAIT_SECONDS) — the buys, sized to
   * the buying power the broker reports then. Returns why submission halted, or null.
   */
  private async send(
    run: JobRunEntity,
    intents: OrderIntentEntity[],
    options: ExecutionOptions,
    notes: string[],
    /** The buying power the plan was built on, when it was built just now. */
    plannedBuyingPower?: string,
  ): Promise<string | null> {
    const sells = intents.filter((i) => i.side === 'sell');
    const sold = await this.executor.execute(sells, options);
    if (sold.halted) return sold.haltReason;

    // Without a sell, nothing changed since the intents were read or inserted: no need to read
    // them again before the first buy.
    const afterSells = sells.length === 0 ? intents : await this.orders.forRun(run.id);
    let buys = afterSells.filter((i) => i.side === 'buy');
    if (!buys.some((b) => ['planned', 'submitting', 'unknown'].includes(b.status))) return null;
    const sent = afterSells.filter(
      (i) => i.side === 'sell' && !FINAL_STATUSES.includes(i.status) && i.status !== 'planned',
    );
    if (sent.length > 0) {
      const followed = await this.reconciler.reconcile(sent, {
        deadline: new Date(Date.now() + this.config.run.sellWaitSeconds * 1000),
        pollMs: this.config.run.reconcilePollMs,
        stopRequested: options.haltRequested,
      });
      if (followed.open > 0)
        notes.push(
          `${followed.open} sell(s) not final after ${this.config.run.sellWaitSeconds} s; buys sized without their proceeds`,
        );
    }
    // Without a sell in this run, the buying power read for the plan a moment ago is the one the
    // broker reports; after sells (or when resuming) it is asked again.
    const buyingPower =
      sells.length === 0 && sent.length === 0 && plannedBuyingPower !== undefined
        ? plannedBuyingPower
        : (await this.broker.getAccount({ priority: 'run' })).buying_power;
    const planned = buys.filter((b) => b.status === 'planned');
    const sized = sizeBuysToBuyingPower(
      planned.map((b) => ({
        id: b.id,
        symbol: b.symbol,
        notional: b.notional,
        qty: b.qty,
        estimatedNotional: b.estimatedNotional ?? b.notional ?? '0',
      })),
      buyingPower,
      this.config.risk.minOrderNotional.toFixed(2),
    );
    for (const buy of sized) await this.orders.resize(buy.id, buy, buy.note, buy.dropped);
    if (sized.length > 0) {
      notes.push(
        `buys: ${sized[0].note.detail}${sized.some((b) => b.dropped) ? ' (some dropped)' : ''}`,
      );
      buys = (await this.orders.forRun(run.id)).filter((i) => i.side === 'buy');
    }
    const bought = await this.executor.execute(buys, options);
    return bought.halted ? bought.haltReason : null;
  }

  private async finish(
    run: JobRunEntity,
    facts: {
      dryRun: boolean;
      modeReason: string | null;
      notes: string[];
      halted: string | null;
      resumed: boolean;
      startedAt: number;
    },
  ): Promise<RunOutcome> {
    const final = await this.orders.forRun(run.id);
    const counts = final.reduce<Partial<Record<IntentStatus, number>>>(
      (acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }),
      {},
    );
    const rejected = final.filter((i) => i.status === 'rejected');
    const open = final.filter((i) => OPEN_STATUSES.includes(i.status));
    const failure = facts.halted;
    const status: RunStatusOutcome = failure
      ? 'failed'
      : rejected.length > 0 || open.length > 0
        ? 'partial'
        : 'succeeded';
    const partialReason =
      status === 'partial'
        ? [
            rejected.length ? `${rejected.length} order(s) rejected` : null,
            open.length ? `${open.length} order(s) still open` : null,
          ]
            .filter(Boolean)
            .join(', ')
        : null;
    const summary = {
      mode: facts.dryRun ? 'dry-run' : 'live',
      modeReason: facts.modeReason,
      strategy: this.plans.strategyName,
      orders: final.length,
      counts,
      resumed: facts.resumed,
      notes: facts.notes,
      halted: facts.halted,
      partial: partialReason,
      durationMs: Date.now() - facts.startedAt,
    };
    if (
      !(await this.ledger.finish(run.id, this.owner, {
        status,
        summary,
        error: failure ?? partialReason,
      }))
    ) {
      return { status: 'failed', reason: 'run taken over by another process', run };
    }
    if (failure) await this.raiseFailure(run, failure);
    if (status === 'partial') {
      const list = (items: OrderIntentEntity[], why: (i: OrderIntentEntity) => string) =>
        items.map((i) => `${i.side} ${i.symbol} (${why(i)})`).join('; ');
      await this.alerts
        .raise({
          kind: 'run_partial',
          dedupKey: `run_partial:${run.id}`,
          severity: 'warning',
          tradingDay: run.tradingDay,
          summary:
            `run ${run.job} for ${run.tradingDay} partial: ${partialReason}` +
            (rejected.length
              ? `. Rejected: ${list(rejected, (i) => i.rejectReason ?? 'no reason')}`
              : '') +
            (open.length ? `. Open: ${list(open, (i) => i.brokerStatus ?? i.status)}` : ''),
          details: { runId: run.id, rejected: rejected.length, open: open.length },
        })
        .catch((error: unknown) => this.logger.error(`could not raise alert: ${errorText(error)}`));
    }
    this.logger.log(`run ${run.id} ${status}: ${JSON.stringify(counts)}`);
    // After the run is recorded, in the background (the portfolio's snapshot and summary): nothing
    // there can change its outcome, and its broker reads do not hold up whoever waits for the run.
    this.finished.fire({ run, outcome: { status, dryRun: facts.dryRun }, orders: final });
    return {
      status,
      reason: failure ?? partialReason,
      run: await this.ledger.findById(run.id),
    };
  }

  async raiseFailure(run: JobRunEntity, reason: string): Promise<void> {
    await this.alerts
      .raise({
        kind: 'run_failed',
        dedupKey: `run_failed:${run.id}:${run.attempt}`,
        severity: 'critical',
        tradingDay: run.tradingDay,
        summary: `run ${run.job} for ${run.tradingDay} failed (${run.trigger}, attempt ${run.attempt}): ${reason}`,
        details: { runId: run.id, trigger: run.trigger },
      })
      .catch((error: unknown) => this.logger.error(`could not raise alert: ${errorText(error)}`));
  }
}
