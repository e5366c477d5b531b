import type { RiskNote } from '../order-intent.entity';
import type { Plan, PlanInput, PlannedIntent } from '../run-ports';
import { abs, fromMicros, max, min, toCents, toMicros } from './decimal';

export interface RiskLimits {
  maxOrderNotional: number;
  maxDailyNotional: number;
  maxPositions: number;
  symbolBlocklist: string[];
  minOrderNotional: number;
}

interface Draft {
  symbol: string;
  side: 'buy' | 'sell';
  /** Order value in micros (whole cents). */
  value: bigint;
  /** Whole-share quantity for assets that can't be traded fractionally. */
  qty: bigint | null;
  price: bigint | null;
  closesPosition: boolean;
}

/**
 * targets × equity vs current positions → notional market orders. Sells come before buys (they
 * free the cash the buys use); fractional (notional) orders only where the asset allows, whole
 * shares otherwise; non-tradable assets and dust below the minimum are skipped with a reason.
 */
export function planRebalance(
  input: Omit<PlanInput, 'alreadySentNotionalToday' | 'tradingDay' | 'strategy'>,
  minOrderNotional: number,
): {
  drafts: Draft[];
  skipped: Plan['skipped'];
} {
  const equity = toMicros(input.equity);
  const minValue = toMicros(minOrderNotional);
  const targets = new Map(input.targets.map((t) => [t.symbol, t.weight]));
  const held = new Map(input.positions.map((p) => [p.symbol, p]));
  const symbols = [...new Set([...targets.keys(), ...held.keys()])].sort();
  const drafts: Draft[] = [];
  const skipped: Plan['skipped'] = [];

  for (const symbol of symbols) {
    const position = held.get(symbol);
    const current = position ? toMicros(position.marketValue) : 0n;
    const weight = targets.get(symbol) ?? 0;
    const target = toCents((equity * toMicros(weight)) / 1_000_000n);
    const delta = target - current;
    const side = delta > 0n ? 'buy' : 'sell';
    const asset = input.assets[symbol];
    if (delta === 0n) continue;
    if (!asset || !asset.tradable || asset.status !== 'active') {
      skipped.push({
        symbol,
        reason: !asset ? 'asset unknown to the broker' : 'asset not tradable',
      });
      continue;
    }
    const closesPosition = side === 'sell' && weight === 0 && !!position;
    let value = toCents(abs(delta));
    let qty: bigint | null = null;
    const heldQty = position ? toMicros(position.qty) : 0n;
    const price = position?.price
      ? toMicros(position.price)
      : heldQty > 0n
        ? (current * 1_000_000n) / heldQty
        : null;
    if (!asset.fractionable || (closesPosition && position)) {
      if (closesPosition && position) {
        // Exit the whole position by quantity, never leaving a fractional remainder.
        qty = toMicros(position.qty);
        value = current;
      } else {
        if (!price || price <= 0n) {
          skipped.push({
            symbol,
            reason: 'not fractionable and no price known to size whole shares',
          });
          continue;
        }
        qty = (abs(delta) / price) * 1_000_000n; // whole shares, in micros
        value = (qty * price) / 1_000_000n;
        if (qty === 0n) {
          skipped.push({
            symbol,
            reason: `less than one share (${fromMicros(abs(delta), 2)} at ${fromMicros(price, 2)})`,
          });
          continue;
        }
      }
    }
    if (value < minValue) {
      skipped.push({
        symbol,
        reason: `dust: ${fromMicros(value, 2)} below the minimum order of ${fromMicros(minValue, 2)}`,
      });
      continue;
    }
    drafts.push({ symbol, side, value, qty, price, closesPosition });
  }
  drafts.sort((a, b) =>
    a.side === b.side ? a.symbol.localeCompare(b.symbol) : a.side === 'sell' ? -1 : 1,
  );
  return { drafts, skipped };
}

/**
 * Risk limits, in order: blocklist (drop), per-order cap (clip), max positions (drop buys that
 * would open a position beyond the cap), daily notional across the day's runs (clip, then drop).
 * Sells and buys both count toward the daily notional: it caps how much is traded, not net exposure.
 */
export function applyRiskLimits(
  drafts: Draft[],
  limits: RiskLimits,
  context: { alreadySentNotionalToday: string; heldSymbols: string[] },
): PlannedIntent[] {
  const maxOrder = toMicros(limits.maxOrderNotional);
  let dailyLeft = max(
    0n,
    toMicros(limits.maxDailyNotional) - toMicros(context.alreadySentNotionalToday),
  );
  const minValue = toMicros(limits.minOrderNotional);
  const blocked = new Set(limits.symbolBlocklist.map((s) => s.toUpperCase()));
  const openPositions = new Set(context.heldSymbols);
  const result: PlannedIntent[] = [];

  for (const draft of drafts) {
    const notes: RiskNote[] = [];
    let value = draft.value;
    let qty = draft.qty;
    const drop = (rule: string, detail: string) => {
      notes.push({ rule, action: 'dropped', detail });
      result.push(toIntent(draft, value, qty, 'dropped', notes));
    };
    const clip = (rule: string, to: bigint, detail: string) => {
      if (qty !== null && draft.price) {
        // Whole-share orders clip to the shares that fit.
        qty = ((to * 1_000_000n) / draft.price / 1_000_000n) * 1_000_000n;
        value = (qty * draft.price) / 1_000_000n;
      } else {
        value = toCents(to);
      }
      notes.push({ rule, action: 'clipped', detail });
    };

    if (blocked.has(draft.symbol)) {
      drop('RISK_SYMBOL_BLOCKLIST', `${draft.symbol} is on the blocklist`);
      continue;
    }
    if (value > maxOrder)
      clip(
        'RISK_MAX_ORDER_NOTIONAL',
        maxOrder,
        `${fromMicros(draft.value, 2)} clipped to the per-order cap ${fromMicros(maxOrder, 2)}`,
      );
    if (
      draft.side === 'buy' &&
      !openPositions.has(draft.symbol) &&
      openPositions.size >= limits.maxPositions
    ) {
      drop(
        'RISK_MAX_POSITIONS',
        `would open position ${openPositions.size + 1} beyond the cap of ${limits.maxPositions}`,
      );
      continue;
    }
    if (value > dailyLeft) {
      if (dailyLeft < minValue || dailyLeft === 0n) {
        drop(
          'RISK_MAX_DAILY_NOTIONAL',
          `daily notional cap ${fromMicros(toMicros(limits.maxDailyNotional), 2)} reached`,
        );
        continue;
      }
      clip(
        'RISK_MAX_DAILY_NOTIONAL',
        dailyLeft,
        `clipped to the ${fromMicros(dailyLeft, 2)} left under the daily cap ${fromMicros(toMicros(limits.maxDailyNotional), 2)}`,
      );
    }
    if (value < minValue || (qty !== null && qty === 0n)) {
      drop(
        'RISK_MIN_ORDER_NOTIONAL',
        `${fromMicros(value, 2)} after limits is below the minimum order`,
      );
      continue;
    }
    dailyLeft -= value;
    if (draft.side === 'buy') openPositions.add(draft.symbol);
    result.push(toIntent(draft, value, qty, 'planned', notes));
  }
  return result;
}

function toIntent(
  draft: Draft,
  value: bigint,
  qty: bigint | null,
  status: 'planned' | 'dropped',
  riskNotes: RiskNote[],
): PlannedIntent {
  return {
    symbol: draft.symbol,
    side: draft.side,
    notional: qty === null ? fromMicros(value, 2) : null,
    qty: qty === null ? null : fromMicros(qty, qty % 1_000_000n === 0n ? 0 : 6),
    status,
    riskNotes,
  };
}

/** The whole plan: rebalance, then risk limits. */
export function plan(input: PlanInput, limits: RiskLimits): Plan {
  const { drafts, skipped } = planRebalance(input, limits.minOrderNotional);
  const intents = applyRiskLimits(drafts, limits, {
    alreadySentNotionalToday: input.alreadySentNotionalToday,
    heldSymbols: input.positions.map((p) => p.symbol),
  });
  return { intents, skipped };
}

export { min };
