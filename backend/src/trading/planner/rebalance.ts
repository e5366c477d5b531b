import {
  abs,
  divide,
  dollars,
  type Fixed,
  floorToCents,
  floorToWhole,
  formatDecimal,
  formatQuantity,
  fromNumber,
  min,
  multiply,
  ONE,
  parseDecimal,
} from './decimal';
import {
  type PlannedOrder,
  type PlannerAsset,
  type PlannerPosition,
  type PlannerTarget,
  PlanningError,
  type Side,
  type Skipped,
} from './planned-order';

export interface RebalanceInput {
  targets: PlannerTarget[];
  /** Account equity in dollars (Alpaca's `equity`). */
  equity: string;
  positions: PlannerPosition[];
  /** Broker asset flags per symbol; a symbol missing here is skipped as unknown. */
  assets: Record<string, PlannerAsset>;
  /** Latest known prices; needed to size whole-share orders for symbols not yet held. */
  prices?: Record<string, string | null | undefined>;
  /** Orders expected to trade less than this many dollars are skipped as dust. */
  minOrderNotional: number | string;
}

export interface RebalanceResult {
  /** Sells first (they free the cash the buys use), then buys; by symbol within each side. */
  intents: PlannedOrder[];
  skipped: Skipped[];
}

/**
 * Target weights × equity against current positions → market orders.
 *
 * - target value = weight × equity, rounded down to cents; the order trades the difference with
 *   the position's market value; symbols held but no longer targeted are sold entirely.
 * - Fractionable assets get notional orders rounded down to cents; full exits sell the exact
 *   quantity held (no fractional remainder left behind); non-fractionable assets get whole-share
 *   quantity orders (rounded down, sized with the known price) or are skipped when no price is known.
 * - Unknown, non-tradable and inactive assets, short positions, and dust below the minimum are
 *   skipped, each with a reason. Nothing is ever rounded up: buys never exceed the target.
 */
export function planRebalance(input: RebalanceInput): RebalanceResult {
  const equity = parseMoney('equity', input.equity);
  if (equity < 0n) throw new PlanningError(`account equity is negative (${input.equity})`);
  const minimum = parseMoney('minOrderNotional', input.minOrderNotional);
  const weights = validatedWeights(input.targets);
  const held = new Map<string, PlannerPosition>();
  for (const position of input.positions) {
    if (held.has(position.symbol))
      throw new PlanningError(`position ${position.symbol} is listed twice`);
    if (parseQuantity(position) !== 0n) held.set(position.symbol, position);
  }

  const intents: PlannedOrder[] = [];
  const skipped: Skipped[] = [];
  const skip = (symbol: string, reason: string) => skipped.push({ symbol, reason });
  const symbols = [...new Set([...weights.keys(), ...held.keys()])].sort();

  for (const symbol of symbols) {
    const position = held.get(symbol);
    const heldQty = position ? parseQuantity(position) : 0n;
    if (position && (heldQty < 0n || position.side === 'short')) {
      skip(
        symbol,
        'short position held: the planner only manages long positions, close it by hand',
      );
      continue;
    }
    const weight = weights.get(symbol) ?? 0n;
    const current = position ? parseMoney(`${symbol} marketValue`, position.marketValue) : 0n;
    const target = floorToCents(multiply(equity, weight));
    const delta = target - current;
    if (delta === 0n) continue;

    const asset = input.assets[symbol];
    if (!asset) {
      skip(symbol, 'asset unknown to the broker');
      continue;
    }
    if (!asset.tradable) {
      skip(symbol, 'asset not tradable');
      continue;
    }
    if (asset.status !== 'active') {
      skip(symbol, `asset ${asset.status || 'not active'}`);
      continue;
    }

    const side: Side = delta > 0n ? 'buy' : 'sell';
    const price = knownPrice(symbol, input.prices, position, heldQty);
    const closesPosition = side === 'sell' && weight === 0n;
    let notional: Fixed | null = null;
    let qty: Fixed | null = null;
    let estimate: Fixed;

    if (closesPosition && asset.fractionable) {
      qty = heldQty; // exact, up to 9 decimals: no fractional remainder is left behind
      estimate = floorToCents(current);
    } else if (closesPosition) {
      qty = floorToWhole(heldQty);
      if (qty === 0n) {
        skip(symbol, 'not fractionable and less than one share held');
        continue;
      }
      estimate =
        qty === heldQty || price === null
          ? floorToCents(current)
          : floorToCents(multiply(qty, price));
    } else if (asset.fractionable) {
      notional = floorToCents(abs(delta));
      estimate = notional;
    } else {
      if (price === null) {
        skip(symbol, 'not fractionable and no price known to size whole shares');
        continue;
      }
      qty = floorToWhole(divide(abs(delta), price));
      if (side === 'sell') qty = min(qty, floorToWhole(heldQty)); // never sell into a short
      if (qty === 0n) {
        skip(
          symbol,
          `not fractionable and ${dollars(abs(delta))} is less than one share at ${formatDecimal(price, 2)}`,
        );
        continue;
      }
      estimate = floorToCents(multiply(qty, price));
    }

    if (estimate < minimum) {
      skip(
        symbol,
        `dust: ${side} of ${dollars(estimate)} is below the minimum order of ${dollars(minimum)}`,
      );
      continue;
    }
    intents.push({
      symbol,
      side,
      notional: notional === null ? null : dollars(notional),
      qty: qty === null ? null : formatQuantity(qty),
      estimatedNotional: dollars(estimate),
      price: price === null ? null : formatQuantity(price),
      fractionable: asset.fractionable,
      closesPosition,
    });
  }

  intents.sort((a, b) =>
    a.side === b.side ? compare(a.symbol, b.symbol) : a.side === 'sell' ? -1 : 1,
  );
  return { intents, skipped };
}

/** Weights as Fixed, after checking what every strategy promises: (0, 1] each, sum ≤ 1, no repeats. */
function validatedWeights(targets: PlannerTarget[]): Map<string, Fixed> {
  const weights = new Map<string, Fixed>();
  let total = 0n;
  for (const { symbol, weight } of targets) {
    if (!symbol) throw new PlanningError('a target has no symbol');
    if (weights.has(symbol)) throw new PlanningError(`target ${symbol} is listed twice`);
    if (!Number.isFinite(weight) || weight <= 0 || weight > 1)
      throw new PlanningError(`target ${symbol} has weight ${weight}, outside (0, 1]`);
    const fixed = fromNumber(weight);
    weights.set(symbol, fixed);
    total += fixed;
  }
  if (total > ONE)
    throw new PlanningError(`target weights sum to ${formatQuantity(total)}, more than 1`);
  return weights;
}

function knownPrice(
  symbol: string,
  prices: RebalanceInput['prices'],
  position: PlannerPosition | undefined,
  heldQty: Fixed,
): Fixed | null {
  const quoted = prices?.[symbol];
  if (quoted !== undefined && quoted !== null) {
    const price = parseMoney(`${symbol} price`, quoted);
    if (price > 0n) return price;
  }
  if (position && heldQty > 0n) {
    const implied = divide(parseMoney(`${symbol} marketValue`, position.marketValue), heldQty);
    if (implied > 0n) return implied;
  }
  return null;
}

function parseMoney(what: string, value: string | number): Fixed {
  try {
    return typeof value === 'number' ? fromNumber(value) : parseDecimal(value);
  } catch {
    throw new PlanningError(`${what} is not a decimal number: "${value}"`);
  }
}

function parseQuantity(position: PlannerPosition): Fixed {
  return parseMoney(`${position.symbol} qty`, position.qty);
}

/** Code-point order: the same in every process and locale. */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
