import type { OrderSide, RiskNote } from './order-intent.entity';

/** The market gate's answer for "now" (market-gate module). */
export interface GateResult {
  decision: 'open' | 'closed' | 'not-a-trading-day' | 'outside-window' | 'unknown';
  reason: string;
  /** New York date of the broker's "now"; null only when the broker could not be asked. */
  tradingDay: string | null;
  session?: { open: string; close: string };
  /** Before today's open: how far it is, by the broker's clock (ms). */
  opensInMs?: number;
}

export interface MarketGatePort {
  decide(): Promise<GateResult>;
}

export interface TargetWeight {
  symbol: string;
  weight: number;
}

export interface StrategyPort {
  readonly name: string;
  targets(ctx: { tradingDay: string }): Promise<TargetWeight[]>;
}

/** A planned order after risk limits, before it is persisted. */
export interface PlannedIntent {
  symbol: string;
  side: OrderSide;
  notional: string | null;
  qty: string | null;
  /** Dollars the order is expected to trade (2 decimals): the notional, or qty × price. */
  estimatedNotional: string;
  /** The price per share the plan used (a held position's price), or null when none was known. */
  price?: string | null;
  status: 'planned' | 'dropped';
  riskNotes: RiskNote[];
}

export interface PlanInput {
  tradingDay: string;
  strategy: string;
  targets: TargetWeight[];
  equity: string;
  positions: {
    symbol: string;
    qty: string;
    marketValue: string;
    side: string;
    price: string | null;
  }[];
  assets: Record<string, { tradable: boolean; fractionable: boolean; status: string }>;
  alreadySentNotionalToday: string;
}

export interface Plan {
  intents: PlannedIntent[];
  skipped: { symbol: string; reason: string }[];
}

/** Planner + risk limits (pure); `clientOrderId` is deterministic per (day, strategy, symbol, side). */
export interface PlannerPort {
  plan(input: PlanInput): Plan;
  clientOrderId(key: {
    tradingDay: string;
    strategy: string;
    symbol: string;
    side: OrderSide;
  }): string;
}

export const MARKET_GATE = Symbol('MARKET_GATE');
export const STRATEGY_PORT = Symbol('STRATEGY_PORT');
export const PLANNER = Symbol('PLANNER');
