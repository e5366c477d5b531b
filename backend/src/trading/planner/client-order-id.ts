import { createHash } from 'node:crypto';

/** Alpaca accepts client_order_id up to 128 characters. */
export const CLIENT_ORDER_ID_MAX_LENGTH = 128;

export interface ClientOrderIdKey {
  /** New York date, YYYY-MM-DD. */
  tradingDay: string;
  strategy: string;
  symbol: string;
  side: 'buy' | 'sell';
}

const TRADING_DAY = /^\d{4}-\d{2}-\d{2}$/;
const STRATEGY = /^[A-Za-z0-9._-]+$/;
const SYMBOL = /^[A-Za-z0-9.]+$/; // no '-': the symbol is read back from the right of the id

/**
 * The order's identity at the broker: a pure function of (trading day, strategy, symbol, side), so
 * every process, replica and restart derives the same id and Alpaca rejects a second submission
 * (422) instead of placing a duplicate. Readable when the parts allow it —
 * `ob-2026-11-23-fixed-weights-SPY-buy` — and otherwise (characters outside [A-Za-z0-9._-], a
 * dash inside the symbol, or too long) `ob-<readable prefix>-<sha256 of the key>`, which stays
 * unique and within 128 characters.
 */
export function clientOrderId(key: ClientOrderIdKey): string {
  if (key.side !== 'buy' && key.side !== 'sell') throw new Error(`unknown side "${key.side}"`);
  const readable = `ob-${key.tradingDay}-${key.strategy}-${key.symbol}-${key.side}`;
  if (
    TRADING_DAY.test(key.tradingDay) &&
    STRATEGY.test(key.strategy) &&
    SYMBOL.test(key.symbol) &&
    readable.length <= CLIENT_ORDER_ID_MAX_LENGTH
  )
    return readable;
  const digest = createHash('sha256')
    .update(JSON.stringify([key.tradingDay, key.strategy, key.symbol, key.side]))
    .digest('hex')
    .slice(0, 40);
  const prefix = readable.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
  return `${prefix}-h${digest}`;
}
