import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrderIntentEntity } from '../order-intent.entity';
import { FINAL_STATUSES, OrderIntentRepository } from '../order-intent.repository';
import type { BrokerOrder, BrokerPort } from './broker-port';
import { updateFrom } from './broker-status';
import { BROKER } from './execution.tokens';

export interface ReconcileResult {
  final: number;
  open: number;
  deadlineReached: boolean;
}

const LIST_LIMIT = 500;

/**
 * Follows submitted orders to a final state (filled, canceled, rejected, expired) or a deadline,
 * recording fills. One list call per round covers up to 500 orders, so it stays inside the rate limit.
 */
@Injectable()
export class OrderReconciler {
  private readonly logger = new Logger(OrderReconciler.name);

  constructor(
    @Inject(BROKER) private readonly broker: BrokerPort,
    private readonly orders: OrderIntentRepository,
  ) {}

  async reconcile(
    intents: OrderIntentEntity[],
    options: { deadline: Date; pollMs: number },
  ): Promise<ReconcileResult> {
    let open = intents.filter((i) => !FINAL_STATUSES.includes(i.status) && i.status !== 'planned');
    while (open.length > 0) {
      open = await this.round(open);
      if (open.length === 0 || Date.now() >= options.deadline.getTime()) break;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
    const deadlineReached = open.length > 0;
    if (deadlineReached)
      this.logger.warn(`${open.length} order(s) still open at the reconcile deadline`);
    return { final: intents.length - open.length, open: open.length, deadlineReached };
  }

  /** One pass: returns the intents still open afterwards. */
  private async round(open: OrderIntentEntity[]): Promise<OrderIntentEntity[]> {
    const earliest = open.reduce(
      (min, i) => Math.min(min, (i.submittedAt ?? i.createdAt).getTime()),
      Date.now(),
    );
    const byClientId = new Map<string, BrokerOrder>();
    try {
      const listed = await this.broker.listOrders({
        status: 'all',
        after: new Date(earliest - 60_000).toISOString(),
        limit: LIST_LIMIT,
      });
      for (const order of listed) byClientId.set(order.client_order_id, order);
    } catch (error) {
      this.logger.warn(
        `listing orders failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return open;
    }
    const stillOpen: OrderIntentEntity[] = [];
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
        // The broker never received it: nothing will ever fill.
        if (intent.status === 'unknown' || intent.status === 'submitting') {
          await this.orders.markStatus(
            intent.id,
            'rejected',
            'not found at the broker by client_order_id',
          );
          continue;
        }
        stillOpen.push(intent);
        continue;
      }
      const update = updateFrom(order);
      if (update.brokerStatus !== intent.brokerStatus || update.filledQty !== intent.filledQty) {
        await this.orders.recordBrokerOrder(intent.id, update);
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
    return stillOpen;
  }
}
