import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EXCHANGE_ZONE } from '../market-gate/market-gate';
import { RefreshingCache } from '../infra/cache/refreshing-cache';
import { AlpacaClient, type PortfolioHistoryQuery } from '../trading/broker/alpaca.client';
import { BrokerBusyError } from '../trading/broker/broker.errors';
import { weighPositions, todayChange, type WeightsView } from './portfolio-figures';
import {
  PortfolioSnapshotRepository,
  type PortfolioSnapshot,
} from './portfolio-snapshot.repository';
import { STRATEGY } from '../trading/strategies/strategies.module';
import type { Strategy } from '../trading/strategies/strategy';
import { errorText } from '../infra/error-text';

export const HISTORY_PERIODS = ['1W', '1M', '3M', '1Y', 'all'] as const;
export type HistoryPeriod = (typeof HISTORY_PERIODS)[number];

/** ok: figures from the broker; busy: a run is sending orders (display reads give way); unavailable: the broker failed. */
export type BrokerState = 'ok' | 'busy' | 'unavailable';

/** How long one set of broker reads serves every reader (GET /api/portfolio and each history period). */
export const PORTFOLIO_CACHE_MS = 5000;

function brokerState(error: unknown): { state: BrokerState; message: string } {
  if (error instanceof BrokerBusyError)
    return {
      state: 'busy',
      message:
        'the daily run is sending orders; portfolio reads wait for it and will refresh when it is done',
    };
  return { state: 'unavailable', message: `broker unavailable: ${errorText(error)}` };
}

/** The New York date of an instant. */
const newYorkDate = (at: Date | number) =>
  DateTime.fromMillis(typeof at === 'number' ? at : at.getTime(), {
    zone: EXCHANGE_ZONE,
  }).toISODate()!;

/**
 * What the account holds and how it has done. Every broker read here is a display read (priority
 * `read`, no retries): it gives way to a run's traffic and, while a run is sending, ends as "busy"
 * rather than waiting. Each answer is shared by every reader for PORTFOLIO_CACHE_MS (concurrent
 * readers wait for the one read in flight), so however many people look, one set of broker reads
 * per few seconds at most — failures included.
 */
@Injectable()
export class PortfolioService {
  private readonly logger = new Logger(PortfolioService.name);
  private readonly current = new RefreshingCache(() => this.readCurrent(), {
    freshMs: PORTFOLIO_CACHE_MS,
    staleMs: PORTFOLIO_CACHE_MS,
  });
  private readonly histories = new Map<HistoryPeriod, RefreshingCache<unknown>>();
  private readonly strategyTargets = new RefreshingCache(
    (day: string) => this.strategy.targets({ tradingDay: day }),
    { freshMs: 60_000, staleMs: 60_000 },
  );

  constructor(
    private readonly alpaca: AlpacaClient,
    private readonly snapshots: PortfolioSnapshotRepository,
    @Inject(STRATEGY) private readonly strategy: Strategy,
  ) {}

  portfolio() {
    return this.current.get();
  }

  history(period: HistoryPeriod) {
    let cache = this.histories.get(period);
    if (!cache) {
      cache = new RefreshingCache<unknown>(() => this.readHistory(period), {
        freshMs: PORTFOLIO_CACHE_MS,
        staleMs: PORTFOLIO_CACHE_MS,
      });
      this.histories.set(period, cache);
    }
    return cache.get() as Promise<Awaited<ReturnType<PortfolioService['readHistory']>>>;
  }

  /** The strategy's targets (a strategy reading another service is asked at most once a minute). */
  targets(): Promise<{ symbol: string; weight: number }[]> {
    return this.strategyTargets.get(newYorkDate(Date.now()));
  }

  private async readCurrent() {
    const asOf = new Date().toISOString();
    const [account, positions, targets, last] = await Promise.allSettled([
      this.alpaca.getAccount({ priority: 'read', maxRetries: 0 }),
      this.alpaca.listPositions({ priority: 'read', maxRetries: 0 }),
      this.targets(),
      this.snapshots.since(newYorkDate(Date.now() - 14 * 86_400_000)),
    ]);
    const lastSnapshot = last.status === 'fulfilled' ? (last.value.at(-1) ?? null) : null;
    const base = {
      asOf,
      strategy: this.strategy.name,
      targetsError: targets.status === 'rejected' ? errorText(targets.reason) : null,
      lastSnapshot: lastSnapshot && {
        tradingDay: lastSnapshot.tradingDay,
        equity: lastSnapshot.equity,
        takenAt: new Date(lastSnapshot.takenAt).toISOString(),
        closed: lastSnapshot.closed,
      },
    };
    if (account.status === 'rejected' || positions.status === 'rejected') {
      const failure =
        account.status === 'rejected'
          ? account.reason
          : (positions as PromiseRejectedResult).reason;
      const { state, message } = brokerState(failure);
      if (state === 'unavailable') this.logger.warn(`portfolio: ${message}`);
      const empty: WeightsView = { positions: [], missing: [], untargeted: [], largestDrift: null };
      return { ...base, state, message, account: null, ...empty };
    }
    const a = account.value;
    const weights = weighPositions(
      a.equity,
      positions.value,
      targets.status === 'fulfilled' ? targets.value : null,
    );
    const today = todayChange(a.equity, a.last_equity);
    return {
      ...base,
      state: 'ok' as BrokerState,
      message: null,
      account: {
        equity: a.equity,
        cash: a.cash ?? null,
        buyingPower: a.buying_power,
        lastEquity: a.last_equity ?? null,
        todayChange: today.change,
        todayChangePct: today.changePct,
      },
      ...weights,
    };
  }

  private async readHistory(period: HistoryPeriod) {
    const { query, from } = historyQuery(period, Date.now());
    const [broker, stored] = await Promise.allSettled([
      this.alpaca.getPortfolioHistory(query, { priority: 'read', maxRetries: 0 }),
      this.snapshots.since(from),
    ]);
    const snapshots = stored.status === 'fulfilled' ? stored.value : [];
    const status =
      broker.status === 'fulfilled'
        ? { state: 'ok' as BrokerState, message: null }
        : brokerState(broker.reason);
    if (status.state === 'unavailable') this.logger.warn(`portfolio history: ${status.message}`);
    const points = joinHistory(
      broker.status === 'fulfilled' ? broker.value : null,
      snapshots,
      query.timeframe === '1D',
    );
    return {
      period,
      timeframe: query.timeframe ?? '1D',
      state: status.state,
      message: status.message,
      points,
      runs: snapshots
        .filter((s) => s.runId)
        .map((s) => ({
          tradingDay: s.tradingDay,
          runId: s.runId!,
          runStatus: s.runStatus,
          equity: s.equity,
        })),
    };
  }
}

/** Alpaca's query for a period, and the first New York date of Openbell's snapshots to join. */
export function historyQuery(
  period: HistoryPeriod,
  now: number,
): { query: PortfolioHistoryQuery; from: string | null } {
  const day = (days: number) => newYorkDate(now - days * 86_400_000);
  switch (period) {
    case '1W':
      return {
        query: { period: '1W', timeframe: '1H', intraday_reporting: 'market_hours' },
        from: day(7),
      };
    case '1M':
      return { query: { period: '1M', timeframe: '1D' }, from: day(31) };
    case '3M':
      return { query: { period: '3M', timeframe: '1D' }, from: day(92) };
    case '1Y':
      return { query: { period: '1A', timeframe: '1D' }, from: day(366) };
    case 'all':
      // Alpaca answers from the account's first day; leading empty points are dropped below.
      return {
        query: {
          timeframe: '1D',
          start: DateTime.fromMillis(now, { zone: 'utc' })
            .minus({ years: 10 })
            .startOf('day')
            .toISO()!,
        },
        from: null,
      };
  }
}

export interface HistoryPoint {
  at: string;
  /** New York date of the point. */
  tradingDay: string;
  equity: string;
  profitLoss: string | null;
  profitLossPct: string | null;
  source: 'broker' | 'snapshot';
}

/**
 * The broker's series, with Openbell's own snapshot for each day the broker's daily series does
 * not cover (a broker outage, or the broker unreachable now: then the snapshots alone). Daily
 * points are dated by the UTC date of their label (Alpaca labels a day at its start), intraday
 * ones by their New York date.
 */
export function joinHistory(
  broker: {
    timestamp: number[];
    equity: (number | null)[];
    profit_loss: (number | null)[];
    profit_loss_pct: (number | null)[];
  } | null,
  snapshots: PortfolioSnapshot[],
  daily: boolean,
): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  if (broker) {
    let started = false;
    broker.timestamp.forEach((seconds, i) => {
      const equity = broker.equity[i];
      if (equity === null || equity === undefined) return;
      if (!started && equity === 0) return; // before the account was funded
      started = true;
      const at = new Date(seconds * 1000);
      points.push({
        at: at.toISOString(),
        tradingDay: daily ? at.toISOString().slice(0, 10) : newYorkDate(at),
        equity: equity.toFixed(2),
        profitLoss:
          broker.profit_loss[i] === null || broker.profit_loss[i] === undefined
            ? null
            : broker.profit_loss[i]!.toFixed(2),
        profitLossPct:
          broker.profit_loss_pct[i] === null || broker.profit_loss_pct[i] === undefined
            ? null
            : broker.profit_loss_pct[i]!.toFixed(6),
        source: 'broker',
      });
    });
  }
  if (daily || !broker) {
    const covered = new Set(points.map((p) => p.tradingDay));
    for (const s of snapshots) {
      if (covered.has(s.tradingDay)) continue;
      points.push({
        at: new Date(s.takenAt).toISOString(),
        tradingDay: s.tradingDay,
        equity: s.equity,
        profitLoss: null,
        profitLossPct: null,
        source: 'snapshot',
      });
    }
    points.sort((a, b) => a.at.localeCompare(b.at));
  }
  return points;
}
