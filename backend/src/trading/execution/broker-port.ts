/**
 * What the run needs from the broker, in Alpaca's wire format (snake_case, decimal strings).
 * The Alpaca client (trading/broker) satisfies it; the run depends on nothing else.
 */
export interface BrokerOrder {
  id: string;
  client_order_id: string;
  status: string;
  symbol: string;
  side: string;
  notional?: string | null;
  qty?: string | null;
  filled_qty?: string | null;
  filled_avg_price?: string | null;
  filled_at?: string | null;
  submitted_at?: string | null;
}

export interface DispatchOptions {
  beforeDispatch?: () => Promise<void>;
}

export interface OrderRequest {
  client_order_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market';
  time_in_force: 'day';
  notional?: string;
  qty?: string;
}

export interface BrokerAccount {
  equity: string;
  cash: string;
  buying_power: string;
  status: string;
  trading_blocked?: boolean;
}

export interface BrokerPosition {
  symbol: string;
  qty: string;
  market_value: string;
  side: string;
  current_price?: string | null;
}

export interface BrokerAsset {
  symbol: string;
  tradable: boolean;
  fractionable: boolean;
  status: string;
}

export interface BrokerPort {
  getAccount(): Promise<BrokerAccount>;
  listPositions(): Promise<BrokerPosition[]>;
  getAsset(symbol: string): Promise<BrokerAsset>;
  /** All active US equities in one call (the planner needs tradable/fractionable for each symbol). */
  listAssets(): Promise<BrokerAsset[]>;
  /**
   * Sends one order. `beforeDispatch` runs when the rate limiter releases the request, right before
   * it goes on the wire; if it throws, nothing is sent and its error is what submitOrder rejects with.
   */
  submitOrder(order: OrderRequest, options?: DispatchOptions): Promise<BrokerOrder>;
  getOrder(id: string): Promise<BrokerOrder>;
  /** null when the broker has no order with this client_order_id. */
  getOrderByClientOrderId(clientOrderId: string): Promise<BrokerOrder | null>;
  /** Orders submitted after `after` (ISO), any status, newest first, up to `limit` (≤ 500). */
  listOrders(params: {
    status: 'open' | 'closed' | 'all';
    after?: string;
    limit?: number;
  }): Promise<BrokerOrder[]>;
  cancelAllOrders(): Promise<{ id: string; status: number }[]>;
}

/** How a failed broker call must be treated by the executor. */
export type FailureKind = 'duplicate' | 'insufficient-buying-power' | 'rejected' | 'uncertain';
