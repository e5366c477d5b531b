/**
 * What the run needs from the broker, in Alpaca's wire format (snake_case, decimal strings).
 * The Alpaca client returns them; the run depends on nothing else of the broker's answers.
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

/**
 * Runs when the rate limiter releases one order, immediately before it goes on the wire: throws to
 * refuse it (nothing is sent), or returns a release that the client calls once the broker answered.
 */
export type DispatchCheck = () => Promise<(() => Promise<void>) | void>;

export interface DispatchOptions {
  /** An argument of this one request, never ambient context. */
  dispatchCheck?: DispatchCheck;
}

/**
 * Who waits for whom under the shared rate limit: order submission always goes first (implicit),
 * then cancels, reconciliation ('reconcile', the default of order reads), the run's own reads
 * ('run'), and everything else ('read', the default of account, position, asset and clock reads).
 */
export type ReadPriority = 'reconcile' | 'run' | 'read';

export interface ReadOptions {
  priority?: ReadPriority;
  /** GET retries (default: the client's); 0 for probes that must answer quickly. */
  maxRetries?: number;
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

export interface BrokerClockReading {
  /** The broker's "now" (ISO with offset). */
  timestamp: string;
  is_open: boolean;
  next_open: string;
  next_close: string;
}

/** How a failed broker call must be treated by the executor. */
export type FailureKind = 'duplicate' | 'insufficient-buying-power' | 'rejected' | 'uncertain';
