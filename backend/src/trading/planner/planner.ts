import type { Plan, PlanInput } from './plan.types';
import type { RiskCheckedOrder } from './planned-order';
import { planRebalance } from './rebalance';
import { applyRiskLimits } from './risk-limits';

export { planRebalance, type RebalanceInput, type RebalanceResult } from './rebalance';
export { applyRiskLimits, RISK_RULES, type RiskLimitsInput } from './risk-limits';
export * from './planned-order';

/** The configured risk limits (AppConfig['risk']). */
export interface RiskLimits {
  maxOrderNotional: number;
  maxDailyNotional: number;
  maxPositions: number;
  symbolBlocklist: string[];
  minOrderNotional: number;
}

/** A plan with the planner's full detail (estimated notional, price, exits) on every intent. */
export interface DetailedPlan {
  intents: RiskCheckedOrder[];
  skipped: Plan['skipped'];
}

/** The whole plan for the run: rebalance, then risk limits. Pure. */
export function planDetailed(input: PlanInput, limits: RiskLimits): DetailedPlan {
  const prices: Record<string, string | null> = {};
  for (const p of input.positions) prices[p.symbol] = p.price;
  const { intents, skipped } = planRebalance({
    targets: input.targets,
    equity: input.equity,
    positions: input.positions,
    assets: input.assets,
    prices,
    minOrderNotional: limits.minOrderNotional,
  });
  return {
    intents: applyRiskLimits(intents, {
      ...limits,
      alreadySubmittedNotionalToday: input.alreadySentNotionalToday,
      currentPositionSymbols: input.positions
        .filter((p) => /[1-9]/.test(p.qty))
        .map((p) => p.symbol),
    }),
    skipped,
  };
}

/** The plan in the run service's shape (PlannerPort). */
export function plan(input: PlanInput, limits: RiskLimits): Plan {
  const { intents, skipped } = planDetailed(input, limits);
  return {
    intents: intents.map(
      ({ symbol, side, notional, qty, estimatedNotional, price, status, riskNotes }) => ({
        symbol,
        side,
        notional,
        qty,
        estimatedNotional,
        price,
        status,
        riskNotes,
      }),
    ),
    skipped,
  };
}
