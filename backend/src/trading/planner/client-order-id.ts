import { createHash } from 'node:crypto';
import type { OrderSide } from '../order-intent.entity';

const MAX_LENGTH = 128;

/**
 * Deterministic per (trading day, strategy, symbol, side): the same order gets the same id in every
 * process and after every restart, so the broker itself rejects a second submission (422).
 * Only [A-Za-z0-9._-]; at most 128 characters (long inputs keep a readable prefix plus a hash).
 */
export function clientOrderId(key: {
  tradingDay: string;
  strategy: string;
  symbol: string;
  side: OrderSide;
}): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  const id = `ob-${safe(key.tradingDay)}-${safe(key.strategy)}-${safe(key.symbol)}-${key.side}`;
  if (id.length <= MAX_LENGTH) return id;
  const digest = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32);
  return `${id.slice(0, MAX_LENGTH - digest.length - 1)}-${digest}`;
}
