import type { components } from '../trading/broker/alpaca-api';
import {
  divide,
  floorToWhole,
  formatDecimal,
  fromNumber,
  mulDiv,
  multiply,
  ONE,
  parseDecimal,
  type Fixed,
} from '../trading/planner/decimal';
import { ALPACA_CODES, AlpacaError, invalid, notFound } from './alpaca-errors';
import type { SandboxClock } from './clock';
import type { Fate } from './faults';
import { DECIMAL, type ValidOrderRequest } from './order-validation';
import { assetId, isOpen, newOrder, publicOrder, type StoredOrder } from './orders';
import { SandboxMarket, type SandboxFill } from './sandbox-market';
import { appendBounded } from './traffic';

type Order = components['schemas']['Order'];

export interface SandboxAsset {
  symbol: string;
  /** Deterministic fill price, decimal string. */
  price: string;
  tradable?: boolean;
  fractionable?: boolean;
}

export interface AccountState {
  status: string;
  tradingBlocked: boolean;
  accountBlocked: boolean;
}

/**
 * The simulated exchange and account: assets and prices, cash, positions and their cost basis,
 * orders with Alpaca's life cycle (accepted, then filled, partly filled, canceled or expired), and
 * the fills the portfolio history is rebuilt from. Amounts are exact decimals (the planner's
 * decimal module); orders fill at the symbol's price when they were accepted.
 */
export class Exchange {
  cash: Fixed;
  accountState: AccountState = { status: 'ACTIVE', tradingBlocked: false, accountBlocked: false };
  readonly assets = new Map<string, Required<SandboxAsset>>();
  readonly positions = new Map<string, Fixed>();
  /** Cost basis per symbol once a fill touched it (else the asset's base price × quantity). */
  readonly costBasis = new Map<string, Fixed>();
  readonly fills: SandboxFill[] = [];
  private readonly orders: StoredOrder[] = [];

  constructor(
    private readonly clock: SandboxClock,
    readonly market: SandboxMarket,
    /** Orders stay `accepted` at least this long (wall clock) before they fill. */
    public fillDelayMs = 0,
    cash = '100000',
  ) {
    this.cash = parseDecimal(cash);
  }

  // ---- seeding ----

  addAsset(asset: SandboxAsset): void {
    if (!DECIMAL.test(asset.price)) throw new Error(`invalid price for ${asset.symbol}`);
    this.assets.set(asset.symbol, { tradable: true, fractionable: true, ...asset });
  }
  setPrice(symbol: string, price: string): void {
    const asset = this.assets.get(symbol);
    if (!asset) throw new Error(`unknown sandbox asset ${symbol}`);
    this.addAsset({ ...asset, price });
  }
  setPosition(symbol: string, qty: string): void {
    if (!this.assets.has(symbol)) throw new Error(`unknown sandbox asset ${symbol}`);
    const units = parseDecimal(qty);
    if (units === 0n) this.positions.delete(symbol);
    else this.positions.set(symbol, units);
    this.costBasis.delete(symbol);
  }
  /** No orders or fills; cash and positions as given. */
  reset(state: { cash?: string; positions?: Record<string, string> }): void {
    this.orders.length = 0;
    this.fills.length = 0;
    this.cash = parseDecimal(state.cash ?? '100000');
    this.positions.clear();
    this.costBasis.clear();
    for (const [symbol, qty] of Object.entries(state.positions ?? {}))
      this.setPosition(symbol, qty);
  }

  /** The symbol of an asset named by its symbol or its id, or null. */
  symbolOf(symbolOrAssetId: string): string | null {
    if (this.assets.has(symbolOrAssetId)) return symbolOrAssetId;
    return [...this.assets.keys()].find((s) => assetId(s) === symbolOrAssetId) ?? null;
  }

  // ---- orders ----

  /** A validated order: 422 duplicate or asset, 403 buying power or quantity, else accepted. */
  place(request: ValidOrderRequest, fate?: Fate): Order {
    const { side, qty, notional, clientOrderId } = request;
    if (this.orders.some((o) => o.client_order_id === clientOrderId))
      throw invalid('client_order_id must be unique');
    const symbol = this.symbolOf(request.symbol);
    if (!symbol) throw invalid(`asset "${request.symbol}" not found`);
    const asset = this.assets.get(symbol)!;
    if (!asset.tradable) throw invalid(`asset ${symbol} is not tradable`);
    if (qty !== null && !asset.fractionable && parseDecimal(qty) % ONE !== 0n)
      throw invalid(`fractional orders are not supported for ${symbol} (not fractionable)`);
    if (notional !== null && !asset.fractionable)
      throw invalid(`notional orders are not supported for ${symbol} (not fractionable)`);
    const price = parseDecimal(this.priceOf(symbol));
    const cost = notional !== null ? parseDecimal(notional) : multiply(parseDecimal(qty!), price);
    if (side === 'buy' && cost > this.buyingPower())
      throw new AlpacaError(403, ALPACA_CODES.insufficientBuyingPower, 'insufficient buying power');
    if (side === 'sell') {
      const available = this.qtyAvailable(symbol);
      const shares = qty !== null ? parseDecimal(qty) : divide(cost, price);
      if (shares > available)
        throw new AlpacaError(
          403,
          ALPACA_CODES.insufficientBuyingPower,
          `insufficient qty available for order (requested: ${formatDecimal(shares, 9)}, available: ${formatDecimal(available > 0n ? available : 0n, 9)})`,
        );
    }
    const order = newOrder({
      request: { ...request, symbol },
      at: this.clock.now(),
      price: this.priceOf(symbol),
      fate,
    });
    this.orders.push(order);
    this.settle();
    return publicOrder(order);
  }

  /** Every stored order as GET /v2/orders shows it, in arrival order (after settling what is due). */
  allOrders(): Order[] {
    this.settle();
    return this.orders.map(publicOrder);
  }
  orderCount(): number {
    return this.orders.length;
  }
  ordersByClientId(clientOrderId: string): Order[] {
    return this.orders.filter((o) => o.client_order_id === clientOrderId).map(publicOrder);
  }
  /** client_order_ids of every order the sandbox stored, in arrival order. */
  acceptedClientOrderIds(): string[] {
    return this.orders.map((o) => o.client_order_id!);
  }
  orderById(id: string): Order {
    const order = this.orders.find((o) => o.id === id);
    if (!order) throw notFound('order not found');
    return publicOrder(order);
  }
  orderByClientId(clientOrderId: string): Order {
    const order = this.orders.find((o) => o.client_order_id === clientOrderId);
    if (!order) throw notFound('order not found');
    return publicOrder(order);
  }

  /** DELETE /v2/orders/{order_id}: 404 unknown, 422 when it is no longer open. */
  cancel(id: string): void {
    const order = this.orders.find((o) => o.id === id);
    if (!order) throw notFound('order not found');
    if (!isOpen(order))
      throw new AlpacaError(
        422,
        ALPACA_CODES.notCancelable,
        `order is not cancelable (status "${order.status}")`,
      );
    this.close(order, 'canceled');
  }
  /** DELETE /v2/orders: cancels every open order; the ones it canceled. */
  cancelAll(): Order[] {
    const open = this.orders.filter(isOpen);
    for (const order of open) this.close(order, 'canceled');
    return open;
  }

  /**
   * The close: every open order expires (a `day` order left unfilled at the close expires, with
   * whatever part of it already filled kept).
   */
  expireOpenOrders(): void {
    this.settle();
    for (const order of this.orders) if (isOpen(order)) this.close(order, 'expired');
  }

  /**
   * Moves accepted orders along while the market is open: an order fills once the fill delay has
   * elapsed, unless a fate (fault) says otherwise: filled later, partly, canceled or expired.
   */
  settle(): void {
    if (!this.clock.isOpen()) return;
    const now = Date.now();
    for (const order of this.orders) {
      if (!isOpen(order)) continue;
      const age = now - order.acceptedAt;
      const fate = order.fate;
      if (!fate) {
        if (age >= this.fillDelayMs) this.fill(order, this.orderQty(order));
        continue;
      }
      const due = age >= fate.delayMs;
      if (fate.kind === 'slow-fill' && due) this.fill(order, this.orderQty(order));
      else if (fate.kind === 'broker-cancel' && due) this.close(order, 'canceled');
      else if (fate.kind === 'expire' && due) this.close(order, 'expired');
      else if (fate.kind === 'partial-fill') {
        const total = this.orderQty(order);
        if (due) this.fill(order, total);
        else if (order.status === 'accepted') {
          let part = multiply(total, fromNumber(fate.fraction));
          if (!this.assets.get(order.symbol!)!.fractionable) part = floorToWhole(part);
          if (part > 0n) this.fill(order, part);
        }
      }
    }
  }

  // ---- account ----

  /** The symbol's price now (moving when the market moves; else the configured one). */
  priceOf(symbol: string, at = this.clock.now()): string {
    return this.market.priceAt(symbol, this.assets.get(symbol)?.price ?? '0', at);
  }
  marketValue(symbol: string, at = this.clock.now()): Fixed {
    return multiply(this.positions.get(symbol) ?? 0n, parseDecimal(this.priceOf(symbol, at)));
  }

  /** Cash not committed to open buy orders (what Alpaca reports as buying power, cash account). */
  buyingPower(): Fixed {
    const reserved = this.orders
      .filter((o) => o.side === 'buy' && isOpen(o))
      .reduce((sum, o) => sum + this.openNotional(o), 0n);
    const available = this.cash - reserved;
    return available > 0n ? available : 0n;
  }

  /** Shares held and not already promised to open sell orders. */
  qtyAvailable(symbol: string): Fixed {
    const held = this.positions.get(symbol) ?? 0n;
    const selling = this.orders
      .filter((o) => o.symbol === symbol && o.side === 'sell' && isOpen(o))
      .reduce((sum, o) => sum + this.orderQty(o) - parseDecimal(o.filled_qty ?? '0'), 0n);
    return held - selling;
  }

  /** The order's quantity in shares (a notional order: at its symbol's fill price). */
  private orderQty(order: StoredOrder): Fixed {
    return order.qty
      ? parseDecimal(order.qty)
      : divide(parseDecimal(order.notional!), parseDecimal(order.filledPrice));
  }

  /** What the unfilled part of an open order will cost (buy) or bring (sell) at its fill price. */
  private openNotional(order: StoredOrder): Fixed {
    const price = parseDecimal(order.filledPrice);
    const filled = multiply(parseDecimal(order.filled_qty ?? '0'), price);
    const whole = order.notional
      ? parseDecimal(order.notional)
      : multiply(parseDecimal(order.qty!), price);
    return whole - filled;
  }

  /** Fills the order up to `upTo` shares in total (the whole order: `filled`, else `partially_filled`). */
  private fill(order: StoredOrder, upTo: Fixed): void {
    const price = parseDecimal(order.filledPrice);
    const qty = upTo - parseDecimal(order.filled_qty ?? '0');
    if (qty <= 0n) return;
    const notional = multiply(qty, price);
    const symbol = order.symbol!;
    const held = this.positions.get(symbol) ?? 0n;
    this.recordFill(symbol, order.side === 'buy' ? 'buy' : 'sell', qty, notional, held);
    if (order.side === 'buy') {
      this.cash -= notional;
      this.positions.set(symbol, held + qty);
    } else {
      this.cash += notional;
      const left = held - qty;
      if (left > 0n) this.positions.set(symbol, left);
      else this.positions.delete(symbol);
    }
    const at = this.clock.now().toISOString();
    const complete = upTo >= this.orderQty(order);
    Object.assign(order, {
      status: complete ? 'filled' : 'partially_filled',
      filled_qty: formatDecimal(upTo, 9),
      filled_avg_price: order.filledPrice,
      ...(complete ? { filled_at: at } : {}),
      updated_at: at,
    });
  }

  /** For the portfolio history and the positions' cost basis (sandbox-market.ts). */
  private recordFill(
    symbol: string,
    side: 'buy' | 'sell',
    qty: Fixed,
    notional: Fixed,
    held: Fixed,
  ): void {
    appendBounded(this.fills, { symbol, side, qty, notional, at: this.clock.now().getTime() });
    const cost =
      this.costBasis.get(symbol) ?? multiply(held, parseDecimal(this.assets.get(symbol)!.price));
    this.costBasis.set(
      symbol,
      side === 'buy' ? cost + notional : held === 0n ? 0n : cost - mulDiv(cost, qty, held),
    );
  }

  /** An order that ends open (canceled or expired), whatever part of it filled kept. */
  private close(order: Order, status: 'canceled' | 'expired'): void {
    const at = this.clock.now().toISOString();
    Object.assign(order, {
      status,
      [status === 'canceled' ? 'canceled_at' : 'expired_at']: at,
      updated_at: at,
    });
  }
}
