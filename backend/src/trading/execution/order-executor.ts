import { Inject, Injectable, Logger } from '@nestjs/common';
import { TogglesService } from '../../toggles/toggles.service';
import type { OrderIntentEntity } from '../order-intent.entity';
import { OrderIntentRepository } from '../order-intent.repository';
import {
  BROKER,
  BROKER_FAILURE_CLASSIFIER,
  type BrokerFailureClassifier,
} from './execution.tokens';
import type { BrokerOrder, BrokerPort, OrderRequest } from './broker-port';
import { updateFrom } from './broker-status';

export interface ExecutionOptions {
  /** Orders in flight at once. The kill switch is read right before each POST. */
  concurrency: number;
  /** Checked before each order: false once another process has taken the run over. */
  stillOwner?: () => boolean;
}

export interface ExecutionResult {
  submitted: number;
  adopted: number;
  rejected: number;
  unknown: number;
  halted: boolean;
  haltReason: string | null;
}

/** The kill switch turned off between an order's turn and its dispatch: nothing was sent. */
class TradingHalted extends Error {}

/** After this many orders in a row whose fate is unknown, the broker is considered down: stop. */
const MAX_CONSECUTIVE_UNKNOWN = 3;
/** A submission whose absence at the broker was confirmed may be sent again this many times. */
const MAX_SEND_ATTEMPTS = 2;
const KILL_SWITCH_HALT = 'trading disabled (kill switch or TRADING_ENABLED) during submission';

/**
 * Sends persisted intents to the broker exactly once each. POST is never blindly retried: after a
 * timeout or 5xx the order is looked up by its client_order_id; a 422 duplicate means the broker
 * already has it, so it is adopted.
 */
@Injectable()
export class OrderExecutor {
  private readonly logger = new Logger(OrderExecutor.name);

  constructor(
    @Inject(BROKER) private readonly broker: BrokerPort,
    @Inject(BROKER_FAILURE_CLASSIFIER) private readonly classify: BrokerFailureClassifier,
    private readonly orders: OrderIntentRepository,
    private readonly toggles: TogglesService,
  ) {}

  async execute(intents: OrderIntentEntity[], options: ExecutionOptions): Promise<ExecutionResult> {
    const result: ExecutionResult = {
      submitted: 0,
      adopted: 0,
      rejected: 0,
      unknown: 0,
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
      while (!result.halted && next < queue.length) {
        const intent = queue[next++];
        if (options.stillOwner && !options.stillOwner())
          return halt('run taken over by another process');
        // The kill switch, re-read from the database before every single order (and again when the
        // rate limiter releases it, right before it goes on the wire: see sendOnce).
        if (!(await this.toggles.isTradingAllowed())) return halt(KILL_SWITCH_HALT);
        const outcome = await this.sendOnce(intent);
        if (outcome === 'halted') return halt(KILL_SWITCH_HALT);
        result[outcome]++;
        consecutiveUnknown = outcome === 'unknown' ? consecutiveUnknown + 1 : 0;
        if (consecutiveUnknown >= MAX_CONSECUTIVE_UNKNOWN)
          halt(`broker unreachable: ${consecutiveUnknown} orders in a row with unknown outcome`);
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker),
    );
    return result;
  }

  private async sendOnce(
    intent: OrderIntentEntity,
  ): Promise<'submitted' | 'adopted' | 'rejected' | 'unknown' | 'halted'> {
    // A previous attempt may have reached the broker without us hearing back: look before sending.
    if (intent.status !== 'planned') {
      const lookup = await this.lookup(intent.clientOrderId);
      if (lookup === 'error')
        return this.markUnknown(intent, 'lookup by client_order_id failed before resubmission');
      if (lookup) return this.adopt(intent, lookup);
    }
    if (!(await this.orders.markSubmitting(intent.id))) return 'adopted'; // another owner is on it
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
        const order = await this.broker.submitOrder(request, { beforeDispatch: this.killSwitch });
        await this.orders.recordBrokerOrder(intent.id, updateFrom(order));
        return 'submitted';
      } catch (error) {
        if (error instanceof TradingHalted) {
          // Refused before it went on the wire: the order was never sent, so it is simply planned.
          await this.orders.markStatus(intent.id, 'planned');
          return 'halted';
        }
        const kind = this.classify(error);
        const message = error instanceof Error ? error.message : String(error);
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
        this.logger.warn(
          `order ${intent.clientOrderId} confirmed absent after "${message}"; sending again (attempt ${attempt + 1})`,
        );
      }
    }
    return this.markUnknown(intent, `not accepted after ${MAX_SEND_ATTEMPTS} attempts`);
  }

  /** Runs when the limiter releases an order: the kill switch, read once more. */
  private readonly killSwitch = async (): Promise<void> => {
    if (!(await this.toggles.isTradingAllowed())) throw new TradingHalted(KILL_SWITCH_HALT);
  };

  private async lookup(clientOrderId: string): Promise<BrokerOrder | null | 'error'> {
    try {
      return await this.broker.getOrderByClientOrderId(clientOrderId);
    } catch (error) {
      this.logger.warn(
        `lookup of ${clientOrderId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 'error';
    }
  }

  private async adopt(intent: OrderIntentEntity, order: BrokerOrder): Promise<'adopted'> {
    await this.orders.recordBrokerOrder(intent.id, updateFrom(order));
    return 'adopted';
  }

  private async markUnknown(intent: OrderIntentEntity, reason: string): Promise<'unknown'> {
    await this.orders.markStatus(intent.id, 'unknown', reason);
    return 'unknown';
  }
}
