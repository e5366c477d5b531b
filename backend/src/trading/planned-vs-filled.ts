import type { OrderIntentEntity } from './order-intent.entity';
import { runSlippage } from './slippage';

/** A run's orders, planned versus filled (run detail): per order and the run's totals. */
export function plannedVsFilled(
  orders: Pick<
    OrderIntentEntity,
    | 'id'
    | 'symbol'
    | 'side'
    | 'status'
    | 'estimatedNotional'
    | 'plannedPrice'
    | 'filledQty'
    | 'filledAvgPrice'
  >[],
) {
  const { orders: rows, totals } = runSlippage(orders);
  return {
    orders: orders.map((o, i) => ({
      orderId: o.id,
      symbol: o.symbol,
      side: o.side,
      status: o.status,
      estimatedNotional: o.estimatedNotional,
      filledQty: o.filledQty,
      ...rows[i],
    })),
    totals,
  };
}
