import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../../infra/config/app-config';
import { SYMBOL_PATTERN } from '../../infra/config/config.schema';
import type { StrategyPort, TargetWeight } from '../run-ports';
import { QuiverClient, type CongressTrade } from './quiver.client';

/**
 * Equal-weight basket of the tickers members of Congress bought, by filing date within the
 * lookback before the trading day. Ranked by distinct buyers, then latest filing, then ticker;
 * capped at CONGRESS_MAX_POSITIONS. Quiver failing fails the run with the reason, before any order.
 */
@Injectable()
export class CongressBuysStrategy implements StrategyPort {
  readonly name = 'congress-buys';

  constructor(
    private readonly quiver: QuiverClient,
    private readonly config: AppConfig,
  ) {}

  async targets({ tradingDay }: { tradingDay: string }): Promise<TargetWeight[]> {
    return basket(
      await this.quiver.congressTrades(),
      tradingDay,
      this.config.strategy.quiver.lookbackDays,
      this.config.strategy.quiver.maxPositions,
    );
  }
}

export function basket(
  trades: CongressTrade[],
  tradingDay: string,
  lookbackDays: number,
  maxPositions: number,
): TargetWeight[] {
  const since = DateTime.fromISO(tradingDay).minus({ days: lookbackDays }).toISODate()!;
  const byTicker = new Map<string, { buyers: Set<string>; latest: string }>();
  for (const trade of trades) {
    if (!/purchase|buy/i.test(trade.transaction)) continue;
    if (trade.filed < since || trade.filed > tradingDay) continue;
    if (!SYMBOL_PATTERN.test(trade.ticker)) continue;
    const entry = byTicker.get(trade.ticker) ?? { buyers: new Set<string>(), latest: trade.filed };
    entry.buyers.add(trade.member);
    if (trade.filed > entry.latest) entry.latest = trade.filed;
    byTicker.set(trade.ticker, entry);
  }
  const ranked = [...byTicker.entries()]
    .sort(
      ([a, x], [b, y]) =>
        y.buyers.size - x.buyers.size || y.latest.localeCompare(x.latest) || a.localeCompare(b),
    )
    .slice(0, maxPositions)
    .map(([ticker]) => ticker);
  if (ranked.length === 0) return [];
  const weight = Math.floor(1e6 / ranked.length) / 1e6;
  return ranked.map((symbol) => ({ symbol, weight }));
}
