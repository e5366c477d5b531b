import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../infra/config/app-config';
import type { OrderIntentEntity } from '../order-intent.entity';
import { FINAL_STATUSES, OrderIntentRepository } from '../order-intent.repository';
import type { BrokerOrder } from '../broker/broker.types';
import { updateFrom } from './broker-status';
import { mismatchOf } from './order-executor';
import { AlpacaClient } from '../broker/alpaca.client';
import { errorText } from '../../infra/error-text';

export interface ReconcileResult {
  final: number;
  open: number;
  deadlineReached: boolean;
}

export interface ReconcileOptions {
  /** Host time after which the follow-up stops (orders still open stay open in the ledger). */
  deadline: Date;
  pollMs: number;
  /** Asked between rounds: a reason to stop following now (the process is shutting down). */
  stopRequested?: () => string | null;
}

const LIST_LIMIT = 500;

/**
 * Follows submitted orders to a final state (filled, canceled, rejected, expired) or a deadline,
 * recording fills. One list call per round covers up to 500 orders; what it misses is looked up by
 * client_order_id.
 *
 * "Not found at the broker" is never final at once: the broker may still be processing a request
 * whose answer we lost. The first time an order is missing, the broker's clock is noted
 * (absent_since); only when a later exact lookup still misses it and the broker's clock has moved
 * RUN_ABSENCE_PROOF_SECONDS past that note is it final (rejected, never received) — and never while
 * another live process holds the order's run.
 */
@Injectable()
export class OrderReconciler {
  private readonly logger = new Logger(OrderReconciler.name);

  constructor(
    private readonly broker: AlpacaClient,
    private readonly orders: OrderIntentRepository,
    private readonly config: AppConfig,
  ) {}

  async reconcile(
    intents: OrderIntentEntity[],
    options: ReconcileOptions,
  ): Promise<ReconcileResult> {
    let open = intents.filter((i) => !FINAL_STATUSES.includes(i.status) && i.status !== 'planned');
    while (open.length > 0) {
      open = await this.round(open);
      if (open.length === 0 || Date.now() >= options.deadline.getTime()) break;
      if (options.stopRequested?.()) break;
      await sleep(options.pollMs);
    }
    const deadlineReached = open.length > 0;
    if (deadlineReached)
      this.logger.warn(`${open.length} order(s) still open at the reconcile deadline`);
    return { final: intents.length - open.length, open: open.length, deadlineReached };
  }

  /** One pass: returns the intents still open afterwards. */
  private async round(open: OrderIntentEntity[]): Promise<OrderIntentEntity[]> {
    const byClientId = new Map<string, BrokerOrder>();
    try {
      // Newest first: one listing covers a run of up to 500 orders without any notion of time.
      const listed = await this.broker.listOrders({ status: 'all', limit: LIST_LIMIT });
      for (const order of listed) byClientId.set(order.client_order_id, order);
    } catch (error) {
      this.logger.warn(`listing orders failed: ${errorText(error)}`);
      return open;
    }
    const stillOpen: OrderIntentEntity[] = [];
    const missing: OrderIntentEntity[] = [];
    const changed: { id: string; update: ReturnType<typeof updateFrom> }[] = [];
    for (const intent of open) {
      let order: BrokerOrder | null | undefined = byClientId.get(intent.clientOrderId);
      if (!order) {
        try {
          order = await this.broker.getOrderByClientOrderId(intent.clientOrderId);
        } catch {
          stillOpen.push(intent);
          continue;
        }
      }
      if (!order) {
        missing.push(intent);
        continue;
      }
      const mismatch = mismatchOf(intent, order);
      if (mismatch) {
        // Someone else's order under our client_order_id: never recorded as ours, and nothing to
        // follow. The intent stays `unknown` (not final) for a person to look at.
        this.logger.error(
          `broker order ${order.id} (${intent.clientOrderId}) does not match its intent: ${mismatch}`,
        );
        continue;
      }
      const update = updateFrom(order);
      if (
        update.brokerStatus !== intent.brokerStatus ||
        update.filledQty !== intent.filledQty ||
        intent.status === 'unknown' ||
        intent.status === 'submitting'
      ) {
        changed.push({ id: intent.id, update });
      }
      if (FINAL_STATUSES.includes(update.status)) continue;
      stillOpen.push(
        Object.assign(intent, {
          status: update.status,
          brokerStatus: update.brokerStatus,
          filledQty: update.filledQty,
        }),
      );
    }
    // What the broker said of every order, in one write, before any absence is judged.
    await this.orders.recordBrokerOrders(changed);
    if (missing.length > 0) stillOpen.push(...(await this.judgeAbsence(missing)));
    return stillOpen;
  }

  /** Missing orders: final only with proof (see the class comment); returns those still open. */
  private async judgeAbsence(missing: OrderIntentEntity[]): Promise<OrderIntentEntity[]> {
    let brokerNow: string;
    try {
      brokerNow = (await this.broker.getClock({ priority: 'reconcile' })).timestamp;
    } catch {
      return missing;
    }
    const held = await this.orders.heldByOthers(
      missing.map((i) => i.id),
      this.config.instanceId,
      this.config.run.staleAfterSeconds,
    );
    const boundMs = this.config.run.absenceProofSeconds * 1000;
    const stillOpen: OrderIntentEntity[] = [];
    for (const intent of missing) {
      if (held.has(intent.id) || !['unknown', 'submitting'].includes(intent.status)) {
        stillOpen.push(intent);
        continue;
      }
      const since = await this.orders.markAbsent(intent.id, brokerNow);
      const waitedMs = since ? Date.parse(brokerNow) - new Date(since).getTime() : 0;
      if (waitedMs >= boundMs) {
        const finalised = await this.orders.transition(
          intent.id,
          ['unknown', 'submitting'],
          'rejected',
          `never received by the broker: no order with this client_order_id for ${Math.round(waitedMs / 1000)} s of broker time`,
        );
        if (finalised) continue;
      }
      stillOpen.push(intent);
    }
    return stillOpen;
  }
}
