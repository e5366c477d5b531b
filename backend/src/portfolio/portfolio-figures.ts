import {
  abs,
  divide,
  formatDecimal,
  fromNumber,
  parseDecimal,
  type Fixed,
} from '../trading/planner/decimal';

/** A broker position, as much of it as the portfolio shows (decimal strings, Alpaca's names). */
export interface HeldPosition {
  symbol: string;
  qty: string;
  current_price?: string | null;
  market_value?: string | null;
  cost_basis?: string | null;
  unrealized_pl?: string | null;
  unrealized_plpc?: string | null;
}

export interface PositionView {
  symbol: string;
  qty: string;
  price: string | null;
  marketValue: string;
  costBasis: string | null;
  unrealizedPl: string | null;
  /** Unrealized P&L over the cost basis, as a fraction (0.0123 = 1.23 %), 6 decimals. */
  unrealizedPlPct: string | null;
  /** The strategy's weight for it (fraction, 6 decimals); null when no target names it. */
  targetWeight: string | null;
  /** Market value over equity (fraction, 6 decimals). */
  actualWeight: string;
  /** actual − target (fraction, 6 decimals); for a symbol no target names, its whole weight. */
  drift: string;
  targeted: boolean;
}

export interface MissingTarget {
  symbol: string;
  targetWeight: string;
  /** −target: the whole target is missing. */
  drift: string;
}

export interface WeightsView {
  positions: PositionView[];
  /** Targets the account does not hold at all. */
  missing: MissingTarget[];
  /** Held symbols that no target names. */
  untargeted: string[];
  /** The largest absolute drift, held or missing; null when there is nothing to compare. */
  largestDrift: { symbol: string; drift: string } | null;
}

const weight = (value: Fixed) => formatDecimal(value, 6);

/**
 * Positions against the strategy's targets, in exact decimals: actual weight = market value ÷
 * equity; drift = actual − target (a held symbol no target names drifts by its whole weight; a
 * target not held by minus its whole target). `targets` null: the targets could not be read, so
 * no drift is claimed for targeted symbols (every position shows targetWeight null).
 */
export function weighPositions(
  equity: string,
  positions: HeldPosition[],
  targets: { symbol: string; weight: number }[] | null,
): WeightsView {
  const total = parseDecimal(equity);
  const targetBySymbol = new Map((targets ?? []).map((t) => [t.symbol, fromNumber(t.weight)]));
  const drifts: { symbol: string; drift: Fixed }[] = [];
  const views = positions
    .filter((p) => /[1-9]/.test(p.qty))
    .map((p): PositionView => {
      const marketValue = parseDecimal(p.market_value ?? '0');
      const actual = total > 0n ? divide(marketValue, total) : 0n;
      const target = targetBySymbol.get(p.symbol) ?? null;
      const drift = actual - (target ?? 0n);
      if (targets !== null) drifts.push({ symbol: p.symbol, drift });
      const cost = p.cost_basis ? parseDecimal(p.cost_basis) : null;
      const pl = p.unrealized_pl ? parseDecimal(p.unrealized_pl) : null;
      return {
        symbol: p.symbol,
        qty: p.qty,
        price: p.current_price ?? null,
        marketValue: formatDecimal(marketValue, 2),
        costBasis: cost === null ? null : formatDecimal(cost, 2),
        unrealizedPl: pl === null ? null : formatDecimal(pl, 2),
        unrealizedPlPct:
          pl === null || cost === null || cost === 0n ? null : weight(divide(pl, cost)),
        targetWeight: target === null ? null : weight(target),
        actualWeight: weight(actual),
        drift: weight(drift),
        targeted: target !== null,
      };
    })
    .sort((a, b) => a.symbol.localeCompare(b.symbol));
  const held = new Set(views.map((v) => v.symbol));
  const missing = [...targetBySymbol]
    .filter(([symbol]) => !held.has(symbol))
    .map(([symbol, target]) => {
      drifts.push({ symbol, drift: -target });
      return { symbol, targetWeight: weight(target), drift: weight(-target) };
    })
    .sort((a, b) => a.symbol.localeCompare(b.symbol));
  const largest = drifts.reduce<{ symbol: string; drift: Fixed } | null>(
    (best, d) => (best === null || abs(d.drift) > abs(best.drift) ? d : best),
    null,
  );
  return {
    positions: views,
    missing,
    untargeted: targets === null ? [] : views.filter((v) => !v.targeted).map((v) => v.symbol),
    largestDrift: largest ? { symbol: largest.symbol, drift: weight(largest.drift) } : null,
  };
}

/** equity − last_equity, and that over last_equity (fraction, 6 decimals). */
export function todayChange(
  equity: string,
  lastEquity: string | null | undefined,
): { change: string | null; changePct: string | null } {
  if (!lastEquity) return { change: null, changePct: null };
  const now = parseDecimal(equity);
  const before = parseDecimal(lastEquity);
  const change = now - before;
  return {
    change: formatDecimal(change, 2),
    changePct: before > 0n ? weight(divide(change, before)) : null,
  };
}
