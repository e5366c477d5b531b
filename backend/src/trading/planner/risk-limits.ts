import {
  divide,
  dollars,
  type Fixed,
  floorToCents,
  floorToWhole,
  formatQuantity,
  fromNumber,
  max,
  multiply,
  parseDecimal,
} from './decimal';
import {
  type PlannedOrder,
  PlanningError,
  type RiskCheckedOrder,
  type RiskNote,
} from './planned-order';

export interface RiskLimitsInput {
  /** RISK_MAX_ORDER_NOTIONAL: no single order trades more dollars than this (clip). */
  maxOrderNotional: number | string;
  /** RISK_MAX_DAILY_NOTIONAL: dollars traded per trading day, across all of the day's runs. */
  maxDailyNotional: number | string;
  /** Dollars already sent to the broker today by earlier runs (buys and sells). */
  alreadySubmittedNotionalToday: number | string;
  /** RISK_MAX_POSITIONS: open positions after the plan. */
  maxPositions: number;
  currentPositionSymbols: string[];
  /** RISK_SYMBOL_BLOCKLIST: never traded, in either direction. */
  symbolBlocklist: string[];
  /** RISK_MIN_ORDER_NOTIONAL: an order clipped below this is dropped rather than sent. */
  minOrderNotional: number | string;
}

export const RISK_RULES = {
  blocklist: 'RISK_SYMBOL_BLOCKLIST',
  maxOrder: 'RISK_MAX_ORDER_NOTIONAL',
  maxPositions: 'RISK_MAX_POSITIONS',
  maxDaily: 'RISK_MAX_DAILY_NOTIONAL',
  minOrder: 'RISK_MIN_ORDER_NOTIONAL',
} as const;

/**
 * Applies the risk limits to the rebalance's orders; every clip or drop carries a note.
 *
 * Orders are taken sells first (whatever order they arrive in), and for each one, in turn:
 * 1. blocklist → dropped (a blocklisted symbol is never traded, not even sold);
 * 2. per-order cap → clipped to the cap;
 * 3. max positions → a buy that would open a position beyond the cap is dropped. Held positions
 *    count, minus those this plan sells entirely (only if that exit survives the limits);
 *    sells are never dropped by this rule;
 * 4. daily notional → clipped to what is left of the day's cap, dropped once nothing usable is
 *    left. Buys and sells both count: the cap bounds how much is traded per day (and so what a
 *    runaway plan can do), not net exposure. Earlier runs of the day count through
 *    `alreadySubmittedNotionalToday`; orders dropped here consume nothing;
 * 5. a clip that would leave less than the minimum order (or not one whole share) drops the order
 *    instead, under the rule that clipped it; a kept order is never below the minimum.
 *
 * Whole-share orders clip to the whole shares that fit; a fractional full exit clipped becomes a
 * notional sell of the clipped amount. Sells come first, so under a tight daily cap they are the
 * ones kept: the cash they free is what the buys would use. Dropped orders are reported as they
 * stood when dropped.
 */
export function applyRiskLimits(
  intents: PlannedOrder[],
  limits: RiskLimitsInput,
): RiskCheckedOrder[] {
  const maxOrder = money('maxOrderNotional', limits.maxOrderNotional);
  const minOrder = money('minOrderNotional', limits.minOrderNotional);
  const maxDaily = money('maxDailyNotional', limits.maxDailyNotional);
  const alreadyToday = money('alreadySubmittedNotionalToday', limits.alreadySubmittedNotionalToday);
  let dailyLeft = max(0n, maxDaily - alreadyToday);
  const blocked = new Set(limits.symbolBlocklist.map((s) => s.trim().toUpperCase()));
  const open = new Set(limits.currentPositionSymbols);
  const sellsFirst = [
    ...intents.filter((i) => i.side === 'sell'),
    ...intents.filter((i) => i.side === 'buy'),
  ];
  const result: RiskCheckedOrder[] = [];

  for (const intent of sellsFirst) {
    const order = new Checked(intent);
    const done = (status: 'planned' | 'dropped') => result.push(order.result(status));
    /** Clips to `cap`, or drops when no order of at least the minimum fits under it. */
    const clipOrDrop = (rule: string, cap: Fixed, why: string): boolean => {
      const from = order.estimate;
      const size = order.sizedTo(cap);
      if (size.estimate === 0n || size.estimate < minOrder) {
        order.note(rule, 'dropped', `${dollars(from)} does not fit: ${why}`);
        return false;
      }
      order.apply(size);
      order.note(rule, 'clipped', `${dollars(from)} clipped to ${dollars(size.estimate)}: ${why}`);
      return true;
    };

    if (blocked.has(intent.symbol.toUpperCase())) {
      order.note(RISK_RULES.blocklist, 'dropped', `${intent.symbol} is on the blocklist`);
      done('dropped');
      continue;
    }
    if (
      order.estimate > maxOrder &&
      !clipOrDrop(RISK_RULES.maxOrder, maxOrder, `per-order cap of ${dollars(maxOrder)}`)
    ) {
      done('dropped');
      continue;
    }
    if (intent.side === 'buy' && !open.has(intent.symbol) && open.size >= limits.maxPositions) {
      order.note(
        RISK_RULES.maxPositions,
        'dropped',
        `buying ${intent.symbol} would open position ${open.size + 1}, beyond the cap of ${limits.maxPositions}`,
      );
      done('dropped');
      continue;
    }
    if (
      order.estimate > dailyLeft &&
      !clipOrDrop(
        RISK_RULES.maxDaily,
        dailyLeft,
        `${dollars(dailyLeft)} left of the daily cap of ${dollars(maxDaily)} (${dollars(alreadyToday)} sent by earlier runs today)`,
      )
    ) {
      done('dropped');
      continue;
    }
    if (order.estimate === 0n || order.estimate < minOrder) {
      order.note(
        RISK_RULES.minOrder,
        'dropped',
        `${dollars(order.estimate)} is below the minimum order of ${dollars(minOrder)}`,
      );
      done('dropped');
      continue;
    }
    dailyLeft -= order.estimate;
    if (intent.side === 'buy') open.add(intent.symbol);
    else if (order.closesPosition) open.delete(intent.symbol);
    done('planned');
  }
  return result;
}

interface Size {
  notional: Fixed | null;
  qty: Fixed | null;
  estimate: Fixed;
}

/** One order going through the limits: its current size, and the notes explaining it. */
class Checked {
  notional: Fixed | null;
  qty: Fixed | null;
  estimate: Fixed;
  closesPosition: boolean;
  private readonly price: Fixed | null;
  private readonly notes: RiskNote[] = [];

  constructor(private readonly intent: PlannedOrder) {
    this.notional = intent.notional === null ? null : parseDecimal(intent.notional);
    this.qty = intent.qty === null ? null : parseDecimal(intent.qty);
    this.estimate = parseDecimal(intent.estimatedNotional);
    this.price = intent.price === null ? null : parseDecimal(intent.price);
    this.closesPosition = intent.closesPosition;
  }

  /** The order shrunk to trade at most `cap` dollars (not applied). */
  sizedTo(cap: Fixed): Size {
    if (this.qty !== null && !this.intent.fractionable) {
      if (this.price === null || this.price <= 0n) return { notional: null, qty: 0n, estimate: 0n };
      const qty = floorToWhole(divide(cap, this.price));
      return { notional: null, qty, estimate: floorToCents(multiply(qty, this.price)) };
    }
    // Notional orders, and fractional full exits (which become a notional sell of the cap).
    const notional = floorToCents(cap);
    return { notional, qty: null, estimate: notional };
  }

  apply(size: Size): void {
    this.notional = size.notional;
    this.qty = size.qty;
    this.estimate = size.estimate;
    this.closesPosition = false;
  }

  note(rule: string, action: RiskNote['action'], detail: string): void {
    this.notes.push({ rule, action, detail });
  }

  result(status: 'planned' | 'dropped'): RiskCheckedOrder {
    return {
      ...this.intent,
      notional: this.notional === null ? null : dollars(this.notional),
      qty: this.qty === null ? null : formatQuantity(this.qty),
      estimatedNotional: dollars(this.estimate),
      closesPosition: this.closesPosition,
      status,
      riskNotes: [...this.notes],
    };
  }
}

function money(what: string, value: number | string): Fixed {
  try {
    const fixed = typeof value === 'number' ? fromNumber(value) : parseDecimal(value);
    if (fixed < 0n) throw new Error('negative');
    return fixed;
  } catch {
    throw new PlanningError(`risk limit ${what} is not a non-negative decimal: "${value}"`);
  }
}
