import type {
  PlannedOrder,
  PlannerAsset,
  PlannerPosition,
} from '../../src/trading/planner/planned-order';
import type { RiskLimitsInput } from '../../src/trading/planner/risk-limits';

/** Asset flags: fractionable, tradable and active unless overridden. */
export function asset(overrides: Partial<PlannerAsset> = {}): PlannerAsset {
  return { tradable: true, fractionable: true, status: 'active', ...overrides };
}

/** Asset flags for several symbols at once. */
export function assets(
  symbols: string[],
  overrides: Record<string, Partial<PlannerAsset>> = {},
): Record<string, PlannerAsset> {
  return Object.fromEntries(symbols.map((s) => [s, asset(overrides[s])]));
}

/** A long position; marketValue must be given as the broker would report it. */
export function longPosition(symbol: string, qty: string, marketValue: string): PlannerPosition {
  return { symbol, qty, marketValue, side: 'long' };
}

/** A notional order as the rebalance emits it. */
export function notionalOrder(
  symbol: string,
  side: 'buy' | 'sell',
  notional: string,
  overrides: Partial<PlannedOrder> = {},
): PlannedOrder {
  return {
    symbol,
    side,
    notional,
    qty: null,
    estimatedNotional: notional,
    price: null,
    fractionable: true,
    closesPosition: false,
    ...overrides,
  };
}

/** A quantity order (whole shares, or a full exit) as the rebalance emits it. */
export function quantityOrder(
  symbol: string,
  side: 'buy' | 'sell',
  qty: string,
  price: string,
  estimatedNotional: string,
  overrides: Partial<PlannedOrder> = {},
): PlannedOrder {
  return {
    symbol,
    side,
    notional: null,
    qty,
    estimatedNotional,
    price,
    fractionable: false,
    closesPosition: false,
    ...overrides,
  };
}

/** Limits loose enough that nothing trips unless a test tightens one. */
export function looseRiskLimits(overrides: Partial<RiskLimitsInput> = {}): RiskLimitsInput {
  return {
    maxOrderNotional: 1_000_000,
    maxDailyNotional: 10_000_000,
    alreadySubmittedNotionalToday: '0',
    maxPositions: 100,
    currentPositionSymbols: [],
    symbolBlocklist: [],
    minOrderNotional: 1,
    ...overrides,
  };
}

/** A small deterministic pseudo-random source (mulberry32), so generated cases replay exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
