import { randomUUID } from 'node:crypto';
import type { components } from '../trading/broker/alpaca-api';
import type { Fate } from './faults';
import type { ValidOrderRequest } from './order-validation';

type Order = components['schemas']['Order'];

/** An order as the exchange keeps it: Alpaca's fields plus what decides its fills. */
export type StoredOrder = Order & {
  /** Host time (epoch ms) it was accepted: the fill delay and fates count from it. */
  acceptedAt: number;
  /** The symbol's price when it was accepted: what it fills at. */
  filledPrice: string;
  fate?: Fate;
};

const OPEN_STATUSES = new Set(['new', 'accepted', 'pending_new', 'partially_filled']);

/** Whether an order can still fill or be canceled. */
export const isOpen = (order: Order): boolean => OPEN_STATUSES.has(order.status!);

/** A just-accepted simple market day order, with every field Alpaca's Order has. */
export function newOrder(order: {
  request: ValidOrderRequest;
  at: Date;
  price: string;
  fate?: Fate;
}): StoredOrder {
  const { symbol, side, qty, notional, clientOrderId } = order.request;
  const now = order.at.toISOString();
  return {
    id: randomUUID(),
    client_order_id: clientOrderId,
    created_at: now,
    updated_at: now,
    submitted_at: now,
    filled_at: null,
    expired_at: null,
    canceled_at: null,
    failed_at: null,
    replaced_at: null,
    replaced_by: null,
    replaces: null,
    asset_id: assetId(symbol),
    symbol,
    asset_class: 'us_equity',
    notional,
    qty,
    filled_qty: '0',
    filled_avg_price: null,
    order_class: 'simple',
    order_type: 'market',
    type: 'market',
    side,
    time_in_force: 'day',
    limit_price: null,
    stop_price: null,
    status: 'accepted',
    extended_hours: false,
    legs: null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
    position_intent: side === 'buy' ? 'buy_to_open' : 'sell_to_close',
    acceptedAt: Date.now(),
    filledPrice: order.price,
    fate: order.fate,
  } as unknown as StoredOrder;
}

/** The order as the API shows it (without the exchange's own fields). */
export function publicOrder(order: StoredOrder): Order {
  const { acceptedAt: _a, filledPrice: _p, fate: _f, ...rest } = order;
  return rest as Order;
}

/** A stable asset id (a UUID) per symbol. */
export function assetId(symbol: string): string {
  const hex = Buffer.from(symbol.padEnd(16, '_')).toString('hex').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
