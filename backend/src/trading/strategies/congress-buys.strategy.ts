import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../../infra/config/app-config';
import { SYMBOL_PATTERN } from '../../infra/config/config.schema';
import { QuiverClient, type CongressTrade } from './quiver.client';
import { assertValidTargets, type Strategy, StrategyError, type TargetWeight } from './strategy';

export interface BasketOptions {
  /** New York date being traded, YYYY-MM-DD. */
  tradingDay: string;
  /** Purchases filed on the trading day or the lookbackDays − 1 calendar days before it count. */
  lookbackDays: number;
  maxPositions: number;
  /** Fewer distinct stocks than this and the basket is refused (default 1: any). */
  minPositions?: number;
}

export interface RankedTicker {
  symbol: string;
  buyers: number;
  latestFiling: string;
}

/**
 * Equal-weight basket of the tickers members of Congress bought (CONGRESS_LOOKBACK_DAYS,
 * CONGRESS_MAX_POSITIONS). Quiver failing — down, refusing the token, rate-limiting, or answering
 * nonsense — fails the run with the reason before any order is planned.
 */
@Injectable()
export class CongressBuysStrategy implements Strategy {
  readonly name = 'congress-buys';

  constructor(
    private readonly quiver: QuiverClient,
    private readonly config: AppConfig,
  ) {}

  async targets({ tradingDay }: { tradingDay: string }): Promise<TargetWeight[]> {
    const { lookbackDays, maxPositions, minPositions } = this.config.strategy.quiver;
    const trades = await this.quiver.congressTrades();
    const targets = congressBasket(trades, { tradingDay, lookbackDays, maxPositions });
    if (targets.length > 0 && targets.length < minPositions)
      // One or two tickers would each get 50–100 % of the account: a thin feed, not a strategy.
      throw new StrategyError(
        `only ${targets.length} stock(s) bought by members of Congress in the ${lookbackDays} days up to ${tradingDay} ` +
          `(${targets.map((t) => t.symbol).join(', ')}); CONGRESS_MIN_POSITIONS=${minPositions} refuses a basket that small`,
        'no-signal',
      );
    if (targets.length === 0)
      // Selling everything because a feed came back thin is worse than not trading today.
      throw new StrategyError(
        `no congressional purchases filed in the ${lookbackDays} days up to ${tradingDay} ` +
          `(${trades.length} records received); refusing to liquidate on what may be stale data`,
        'no-signal',
      );
    assertValidTargets(this.name, targets);
    return targets;
  }
}

/**
 * Purchases filed in the window → tickers ranked by distinct buyers, then most recent filing,
 * then symbol (code-point order, so every process agrees) → the top maxPositions, each weighted
 * 1/n rounded down to 6 decimals (so the basket never exceeds 100 %).
 */
export function rankCongressBuys(trades: CongressTrade[], options: BasketOptions): RankedTicker[] {
  const day = DateTime.fromISO(options.tradingDay, { zone: 'America/New_York' });
  if (!day.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(options.tradingDay))
    throw new Error(`trading day "${options.tradingDay}" is not a YYYY-MM-DD date`);
  if (!Number.isInteger(options.lookbackDays) || options.lookbackDays < 1)
    throw new Error(`lookbackDays must be a positive integer, got ${options.lookbackDays}`);
  const firstDay = day.minus({ days: options.lookbackDays - 1 }).toISODate()!;
  const byTicker = new Map<string, { buyers: Set<string>; latestFiling: string }>();
  for (const trade of trades) {
    if (!/^(purchase|buy)/i.test(trade.transaction)) continue;
    // Options, bonds and other instruments are not purchases of the stock.
    if (trade.tickerType !== null && trade.tickerType !== 'ST') continue;
    if (trade.filed < firstDay || trade.filed > options.tradingDay) continue;
    if (!trade.ticker || !SYMBOL_PATTERN.test(trade.ticker)) continue;
    const entry = byTicker.get(trade.ticker) ?? { buyers: new Set(), latestFiling: trade.filed };
    entry.buyers.add(trade.member);
    if (trade.filed > entry.latestFiling) entry.latestFiling = trade.filed;
    byTicker.set(trade.ticker, entry);
  }
  return [...byTicker.entries()]
    .map(([symbol, e]) => ({ symbol, buyers: e.buyers.size, latestFiling: e.latestFiling }))
    .sort(
      (a, b) =>
        b.buyers - a.buyers ||
        compare(b.latestFiling, a.latestFiling) ||
        compare(a.symbol, b.symbol),
    );
}

export function congressBasket(trades: CongressTrade[], options: BasketOptions): TargetWeight[] {
  if (!Number.isInteger(options.maxPositions) || options.maxPositions < 1)
    throw new Error(`maxPositions must be a positive integer, got ${options.maxPositions}`);
  const chosen = rankCongressBuys(trades, options).slice(0, options.maxPositions);
  if (chosen.length === 0) return [];
  const weight = Math.floor(1_000_000 / chosen.length) / 1_000_000;
  return chosen.map(({ symbol }) => ({ symbol, weight }));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
