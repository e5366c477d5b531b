import { Injectable, Logger } from '@nestjs/common';
import { TogglesService } from '../../toggles/toggles.service';
import { parseDecimal } from '../planner/decimal';
import type { OrderIntentEntity } from '../order-intent.entity';
import { OrderIntentRepository } from '../order-intent.repository';
import type { BrokerOrder, DispatchCheck, OrderRequest } from '../broker/broker.types';
import { updateFrom } from './broker-status';
import { OwnershipLost, TradingHalted } from './dispatch-guard';
import { AlpacaClient, classifyBrokerFailure } from '../broker/alpaca.client';
import { errorText } from '../../infra/error-text';

export interface ExecutionOptions {
  /** Orders in flight at once. */
  concurrency: number;
  /** The run's last check, taken as each order leaves the rate limiter (DispatchGuard.forRun). */
  dispatchCheck: DispatchCheck;
  /** Asked before each order: a reason to stop taking new ones (shutdown, takeover), or null. */
  haltRequested?: () => string | null;
}

export interface ExecutionResult {
  submitted: number;
  adopted: number;
  rejected: number;
  unknown: number;
  /** Taken by another process between our read and our claim of the intent. */
  skipped: number;
  halted: boolean;
  haltReason: string | null;
}

type SendOutcome = 'submitted' | 'adopted' | 'rejected' | 'unknown' | 'skipped' | { halt: string };

/** After this many orders in a row whose fate is unknown, the broker is considered down: stop. */
const MAX_CONSECUTIVE_UNKNOWN = 3;
/** A submission whose absence at the broker was confirmed may be sent again this many times. */
const MAX_SEND_ATTEMPTS = 2;
export const KILL_SWITCH_HALT =
  'trading disabled (kill switch or TRADING_ENABLED) during submission';

/**
 * Sends persisted intents to the broker exactly once each, with a pool of workers.
 *
 * - POST is never blindly retried: after a timeout or 5xx the order is looked up by its
 *   client_order_id; a 422 duplicate means the broker already has it, so it is adopted — after
 *   checking that the broker's order is this intent's (symbol, side, amount).
 * - The dispatch check (kill switch and run ownership) is an argument of each order's request.
 * - The first error stops every worker from taking another order, and execute() settles only when
 *   every worker has stopped: nothing of this batch is sent after it returns or throws.
 */
@Injectable()
export class OrderExecutor {
  private readonly logger = new Logger(OrderExecutor.name);

  constructor(
    private readonly broker: AlpacaClient,
    private readonly orders: OrderIntentRepository,
    private readonly toggles: TogglesService,
  ) {}

  async execute(intents: OrderIntentEntity[], options: ExecutionOptions): Promise<ExecutionResult> {
    const result: ExecutionResult = {
      submitted: 0,
      adopted: 0,
      rejected: 0,
      unknown: 0,
      skipped: 0,
      halted: false,
      haltReason: null,
    };
    const queue = intents.filter((i) => ['planned', 'submitting', 'unknown'].includes(i.status));
    let consecutiveUnknown = 0;
    let next = 0;

    const halt = (reason: string) => {
      if (!result.halted) this.logger.warn(`order submission halted: ${reason}`);
      result.halted = true;
      result.haltReason ??= reason;
    };

    const worker = async () => {
      try {
        while (!result.halted && next < queue.length) {
          const requested = options.haltRequested?.();
          if (requested) return halt(requested);
          // Early and cheap: stop taking orders once the switch is off (the dispatch check is the
          // one that counts, since an order may wait in the limiter after this).
          if (!(await this.toggles.isTradingAllowed())) return halt(KILL_SWITCH_HALT);
          // Other workers moved on while this one awaited: take the next order only if one is left.
          if (result.halted || next >= queue.length) return;
          const intent = queue[next++];
          const outcome = await this.sendOnce(intent, options.dispatchCheck);
          if (typeof outcome === 'object') return halt(outcome.halt);
          result[outcome]++;
          consecutiveUnknown = outcome === 'unknown' ? consecutiveUnknown + 1 : 0;
          if (consecutiveUnknown >= MAX_CONSECUTIVE_UNKNOWN)
            halt(`broker unreachable: ${consecutiveUnknown} orders in a row with unknown outcome`);
        }
      } catch (error) {
        halt(`error: ${errorText(error)}`);
        throw error;
      }
    };
    const settled = await Promise.allSettled(
      Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return result;
  }

  private async sendOnce(
    intent: OrderIntentEntity,
    dispatchCheck: DispatchCheck,
  ): Promise<SendOutcome> {
    // A previous attempt may have reached the broker without us hearing back: look before sending.
    if (intent.status !== 'planned') {
      const lookup = await this.lookup(intent.clientOrderId);
      if (lookup === 'error')
        return this.markUnknown(intent, 'lookup by client_order_id failed before resubmission');
      if (lookup) return this.adopt(intent, lookup);
    }
    if (!(await this.orders.markSubmitting(intent.id))) return 'skipped'; // another owner has it
    const request: OrderRequest = {
      client_order_id: intent.clientOrderId,
      symbol: intent.symbol,
      side: intent.side,
      type: 'market',
      time_in_force: 'day',
      ...(intent.notional !== null ? { notional: intent.notional } : { qty: intent.qty! }),
    };
    for (let attempt = 1; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
      try {
        const order = await this.broker.submitOrder(request, { dispatchCheck });
        return this.adopt(intent, order, 'submitted');
      } catch (error) {
        if (error instanceof TradingHalted || error instanceof OwnershipLost) {
          // Refused before it went on the wire: this attempt sent nothing. The intent is planned
          // again only if nothing of it ever went out; after an earlier attempt (of this call or a
          // previous process) whose fate is unknown, it is unknown — the broker may still fill it.
          const nothingSent = intent.status === 'planned' && attempt === 1;
          await this.orders.transition(
            intent.id,
            ['submitting'],
            nothingSent ? 'planned' : 'unknown',
            nothingSent
              ? null
              : 'resend refused at dispatch; an earlier attempt may have reached the broker',
          );
          return {
            halt:
              error instanceof TradingHalted
                ? KILL_SWITCH_HALT
                : `ownership lost: ${error.message}`,
          };
        }
        const kind = classifyBrokerFailure(error);
        const message = errorText(error);
        if (kind === 'insufficient-buying-power' || kind === 'rejected') {
          await this.orders.markStatus(
            intent.id,
            'rejected',
            kind === 'insufficient-buying-power'
              ? `insufficient buying power: ${message}`
              : message,
          );
          return 'rejected';
        }
        // Duplicate (the broker has it) or uncertain (timeout/5xx/network): find out before anything else.
        const lookup = await this.lookup(intent.clientOrderId);
        if (lookup && lookup !== 'error') return this.adopt(intent, lookup);
        if (lookup === 'error' || kind === 'duplicate')
          return this.markUnknown(intent, `${message}; lookup by client_order_id inconclusive`);
        // Not there *yet*: the same client_order_id may be sent again (the broker accepts one of
        // them at most); the intent is never final on absence alone (see OrderReconciler).
        this.logger.warn(
          `order ${intent.clientOrderId} not found after "${message}"; sending again (attempt ${attempt + 1})`,
        );
      }
    }
    return this.markUnknown(intent, `not accepted after ${MAX_SEND_ATTEMPTS} attempts`);
  }

  private async lookup(clientOrderId: string): Promise<BrokerOrder | null | 'error'> {
    try {
      return await this.broker.getOrderByClientOrderId(clientOrderId);
    } catch (error) {
      this.logger.warn(`lookup of ${clientOrderId} failed: ${errorText(error)}`);
      return 'error';
    }
  }

  /**
   * Records the broker's order on the intent — only if it is this intent's order. A broker order with
   * our client_order_id but another symbol, side or amount is never taken for ours: the intent is
   * left `unknown` and the run halts, for a person to look at.
   */
  private async adopt(
    intent: OrderIntentEntity,
    order: BrokerOrder,
    outcome: 'submitted' | 'adopted' = 'adopted',
  ): Promise<SendOutcome> {
    const mismatch = mismatchOf(intent, order);
    if (mismatch) {
      const reason = `broker order ${order.id} with client_order_id ${intent.clientOrderId} does not match the intent: ${mismatch}`;
      this.logger.error(reason);
      await this.orders.markStatus(intent.id, 'unknown', reason);
      return { halt: reason };
    }
    await this.orders.recordBrokerOrder(intent.id, updateFrom(order));
    return outcome;
  }

  private async markUnknown(intent: OrderIntentEntity, reason: string): Promise<'unknown'> {
    await this.orders.markStatus(intent.id, 'unknown', reason);
    return 'unknown';
  }
}

/** Why a broker order is not the intent's, or null when symbol, side and amount agree. */
export function mismatchOf(intent: OrderIntentEntity, order: BrokerOrder): string | null {
  const problems: string[] = [];
  if (order.symbol !== intent.symbol) problems.push(`symbol ${order.symbol} ≠ ${intent.symbol}`);
  if (order.side !== intent.side) problems.push(`side ${order.side} ≠ ${intent.side}`);
  const same = (a: string | null | undefined, b: string | null) => {
    if (a === null || a === undefined || a === '' || b === null) return false;
    try {
      return parseDecimal(a) === parseDecimal(b);
    } catch {
      return false;
    }
  };
  if (intent.notional !== null) {
    if (!same(order.notional, intent.notional))
      problems.push(`notional ${order.notional ?? 'none'} ≠ ${intent.notional}`);
  } else if (!same(order.qty, intent.qty)) {
    problems.push(`qty ${order.qty ?? 'none'} ≠ ${intent.qty}`);
  }
  return problems.length ? problems.join(', ') : null;
}
