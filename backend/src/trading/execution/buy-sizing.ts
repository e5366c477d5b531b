import {
  divide,
  dollars,
  floorToCents,
  floorToWhole,
  formatQuantity,
  multiply,
  parseDecimal,
  type Fixed,
} from '../planner/decimal';
import type { RiskNote } from '../order-intent.entity';

export interface BuyToSize {
  id: string;
  symbol: string;
  notional: string | null;
  qty: string | null;
  /** Dollars the buy is expected to cost (its notional, or qty × the planning price). */
  estimatedNotional: string;
}

export interface SizedBuy {
  id: string;
  notional: string | null;
  qty: string | null;
  estimatedNotional: string;
  note: RiskNote;
  dropped: boolean;
}

/** A rule name for the ledger's risk notes. */
export const BUYING_POWER_RULE = 'buying-power';

/**
 * The day's buys scaled down, all by one factor, to the buying power the broker reports once the
 * sells have been followed up — never up. Notional buys are floored to cents; whole-share buys to
 * whole shares, fractional quantities to the broker's 9 decimals. A buy left below
 * `minOrderNotional` (or at zero shares) is dropped. Returns only the buys that change; an empty
 * list when everything fits. Exact decimals throughout.
 */
export function sizeBuysToBuyingPower(
  buys: BuyToSize[],
  buyingPower: string,
  minOrderNotional: string,
): SizedBuy[] {
  const available: Fixed = maxZero(parseDecimal(buyingPower));
  const minimum = parseDecimal(minOrderNotional);
  const total = buys.reduce((sum, b) => sum + parseDecimal(b.estimatedNotional), 0n);
  if (total <= available || total === 0n) return [];
  const factor = divide(available, total);
  const percent = formatQuantity(floorToCents(multiply(factor, parseDecimal('100'))));
  const detail = `scaled to ${percent} % of the plan: buys of $${dollars(total)} exceed the buying power of $${dollars(available)} reported after the sells`;
  return buys.map((buy) => {
    const estimate = floorToCents(multiply(parseDecimal(buy.estimatedNotional), factor));
    let notional: string | null = null;
    let qty: string | null = null;
    let tooSmall: boolean;
    if (buy.notional !== null) {
      const scaled = floorToCents(multiply(parseDecimal(buy.notional), factor));
      notional = dollars(scaled);
      tooSmall = scaled < minimum;
    } else {
      const original = parseDecimal(buy.qty!);
      const wholeShares = original % parseDecimal('1') === 0n;
      const scaled = multiply(original, factor);
      const shares = wholeShares ? floorToWhole(scaled) : scaled;
      qty = formatQuantity(shares);
      tooSmall = shares === 0n || estimate < minimum;
    }
    return {
      id: buy.id,
      notional,
      qty,
      estimatedNotional: dollars(estimate),
      dropped: tooSmall,
      note: {
        rule: BUYING_POWER_RULE,
        action: tooSmall ? 'dropped' : 'clipped',
        detail: tooSmall ? `${detail}; below the minimum order once scaled` : detail,
      },
    };
  });
}

const maxZero = (value: Fixed): Fixed => (value < 0n ? 0n : value);
