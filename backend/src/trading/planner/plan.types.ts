import type { TargetWeight } from '../../infra/config/app-config';
import type { OrderSide, RiskNote } from '../order-intent.entity';

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
