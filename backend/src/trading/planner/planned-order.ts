/** Types shared by the rebalance and the risk limits. Money and quantities are decimal strings. */

export type Side = 'buy' | 'sell';

export interface PlannerTarget {
  symbol: string;
  /** In (0, 1]; the weights of one plan sum to at most 1. */
  weight: number;
}

export interface PlannerPosition {
  symbol: string;
  /** Shares held, up to 9 decimals (Alpaca fractional shares). */
  qty: string;
  /** Current market value in dollars. */
  marketValue: string;
  side: 'long' | 'short' | string;
}

export interface PlannerAsset {
  tradable: boolean;
  fractionable: boolean;
  /** Alpaca's asset status: 'active' | 'inactive'. */
  status: string;
}

/** An order the rebalance wants, before risk limits. Exactly one of notional / qty is set. */
export interface PlannedOrder {
  symbol: string;
  side: Side;
  /** Dollar amount (2 decimals) of a notional market order; null for a quantity order. */
  notional: string | null;
  /** Shares of a quantity order (whole shares, or the whole position on an exit); else null. */
  qty: string | null;
  /** Dollars the order is expected to trade (2 decimals): the notional, or qty × price. */
  estimatedNotional: string;
  /** Price used to size or estimate the order, when one was known. */
  price: string | null;
  fractionable: boolean;
  /** Sells the entire position (the symbol is no longer targeted). */
  closesPosition: boolean;
}

export interface Skipped {
  symbol: string;
  reason: string;
}

export interface RiskNote {
  rule: string;
  action: 'clipped' | 'dropped';
  detail: string;
}

/** A planned order after the risk limits: kept (possibly clipped) or dropped, with every note. */
export interface RiskCheckedOrder extends PlannedOrder {
  status: 'planned' | 'dropped';
  riskNotes: RiskNote[];
}

/** The planner's input does not describe a coherent account or target list; nothing is planned. */
export class PlanningError extends Error {
  override name = 'PlanningError';
}
