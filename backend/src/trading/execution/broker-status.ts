import type { IntentStatus } from '../order-intent.entity';
import type { BrokerOrder } from '../broker/broker.types';
import type { BrokerOrderUpdate } from '../order-intent.repository';

/** Alpaca order status → Openbell intent status. */
export function intentStatusFor(brokerStatus: string): IntentStatus {
  switch (brokerStatus) {
    case 'filled':
      return 'filled';
    case 'partially_filled':
      return 'partially_filled';
    case 'canceled':
      return 'canceled';
    case 'expired':
    case 'done_for_day':
      return 'expired';
    case 'rejected':
      return 'rejected';
    default:
      // new, accepted, pending_new, accepted_for_bidding, calculated, held, pending_cancel, replaced, …
      return 'submitted';
  }
}

export function updateFrom(order: BrokerOrder): BrokerOrderUpdate {
  return {
    brokerOrderId: order.id,
    brokerStatus: order.status,
    status: intentStatusFor(order.status),
    filledQty: order.filled_qty ?? null,
    filledAvgPrice: order.filled_avg_price ?? null,
    filledAt: order.filled_at ?? null,
    submittedAt: order.submitted_at ?? null,
  };
}
