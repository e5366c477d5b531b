import { divide, formatDecimal, multiply, parseDecimal, type Fixed } from './planner/decimal';

/** What slippage needs of an order (decimal strings as stored). */
export interface SlippageInput {
  side: 'buy' | 'sell';
  /** The price per share the plan used; null when the plan knew none (a symbol not yet held). */
  plannedPrice: string | null;
  filledQty: string | null;
  filledAvgPrice: string | null;
  /** Dollars the order was expected to trade when planned. */
  estimatedNotional: string | null;
}

export interface OrderSlippage {
  plannedPrice: string | null;
  filledAvgPrice: string | null;
  /** filledQty × filledAvgPrice, to the cent (truncated). */
  filledNotional: string | null;
  /**
   * Cost of the fill against the planned price, per share relative to it, in basis points (2
   * decimals, truncated toward zero). Positive = worse than planned (paid more on a buy, got less
   * on a sell). Null unless both prices exist.
   */
  slippageBps: string | null;
  /** The same in dollars over the filled quantity (to the cent, truncated toward zero). */
  slippageDollars: string | null;
}

export interface SlippageTotals {
  /** Orders with both a planned price and a fill (the only ones slippage is measured on). */
  measuredOrders: number;
  plannedNotional: string;
  filledNotional: string;
  slippageDollars: string;
  /** Total dollars over the planned value of the measured fills, in bps; null when none. */
  slippageBps: string | null;
}

/** Basis points per unit (an integer factor: Fixed × 10000 stays exact). */
const BPS_FACTOR = 10_000n;

function filled(order: SlippageInput): { qty: Fixed; price: Fixed } | null {
  if (!order.filledQty || !order.filledAvgPrice) return null;
  const qty = parseDecimal(order.filledQty);
  const price = parseDecimal(order.filledAvgPrice);
  return qty > 0n && price > 0n ? { qty, price } : null;
}

/** Exact decimal slippage of one order (see OrderSlippage). */
export function orderSlippage(
  order: SlippageInput,
): OrderSlippage & { cost: Fixed | null; basis: Fixed | null } {
  const fill = filled(order);
  const planned = order.plannedPrice ? parseDecimal(order.plannedPrice) : null;
  const result = {
    plannedPrice: order.plannedPrice,
    filledAvgPrice: order.filledAvgPrice,
    filledNotional: fill ? formatDecimal(multiply(fill.qty, fill.price), 2) : null,
    slippageBps: null as string | null,
    slippageDollars: null as string | null,
    cost: null as Fixed | null,
    basis: null as Fixed | null,
  };
  if (!fill || planned === null || planned <= 0n) return result;
  const perShare = order.side === 'buy' ? fill.price - planned : planned - fill.price;
  const cost = multiply(perShare, fill.qty);
  result.cost = cost;
  result.basis = multiply(planned, fill.qty);
  result.slippageDollars = formatDecimal(cost, 2);
  result.slippageBps = formatDecimal(divide(perShare * BPS_FACTOR, planned), 2);
  return result;
}

/** Per-order slippage and the run's totals. */
export function runSlippage(orders: SlippageInput[]): {
  orders: OrderSlippage[];
  totals: SlippageTotals;
} {
  let planned = 0n;
  let filledTotal = 0n;
  let cost = 0n;
  let basis = 0n;
  let measured = 0;
  const rows = orders.map((order) => {
    const { cost: c, basis: b, ...row } = orderSlippage(order);
    if (order.estimatedNotional) planned += parseDecimal(order.estimatedNotional);
    const fill = filled(order);
    if (fill) filledTotal += multiply(fill.qty, fill.price);
    if (c !== null && b !== null) {
      cost += c;
      basis += b;
      measured++;
    }
    return row;
  });
  return {
    orders: rows,
    totals: {
      measuredOrders: measured,
      plannedNotional: formatDecimal(planned, 2),
      filledNotional: formatDecimal(filledTotal, 2),
      slippageDollars: formatDecimal(cost, 2),
      slippageBps: basis > 0n ? formatDecimal(divide(cost * BPS_FACTOR, basis), 2) : null,
    },
  };
}
