import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../infra/config/app-config';
import { newYorkTime, tradingDayOf } from '../market-gate/market-gate';
import { MarketGateService } from '../market-gate/market-gate.service';
import { AlpacaClient } from '../trading/broker/alpaca.client';
import type { ReadPriority } from '../trading/broker/broker.types';
import { PortfolioSnapshotRepository, type NewSnapshot } from './portfolio-snapshot.repository';
import { errorText } from '../infra/error-text';

/**
 * Writes `portfolio_snapshot`: after every run (the run's day, its id and outcome) and once after
 * each session's close, by the broker's clock and calendar (worker and all roles, every few
 * minutes; a day already closed costs no broker read). One row per day whatever the number of
 * workers or restarts: the repository's upsert is one statement and a closed day is final.
 */
@Injectable()
export class PortfolioSnapshotService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PortfolioSnapshotService.name);
  /** Tests call afterClose() directly; production looks at this interval. */
  intervalMs = 5 * 60_000;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<string | null> | null = null;

  constructor(
    private readonly alpaca: AlpacaClient,
    private readonly gate: MarketGateService,
    private readonly snapshots: PortfolioSnapshotRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsScheduler) return;
    const tick = () =>
      void this.afterClose().catch((error: unknown) =>
        this.logger.warn(`close snapshot failed: ${errorText(error)}`),
      );
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** After a run: the day's figures now (replacing an earlier run's; never a closed day's). */
  async afterRun(run: {
    id: string | null;
    tradingDay: string;
    status: string | null;
  }): Promise<NewSnapshot> {
    const snapshot = await this.read(run.tradingDay, 'run', {
      runId: run.id,
      runStatus: run.status,
      closed: false,
    });
    await this.snapshots.upsert(snapshot);
    return snapshot;
  }

  /**
   * Once the latest session has closed (broker clock and calendar): its final figures, once.
   * Returns the trading day written, or null (market open, nothing closed yet, already written).
   */
  afterClose(): Promise<string | null> {
    this.running ??= this.lookAfterClose().finally(() => (this.running = null));
    return this.running;
  }

  private async lookAfterClose(): Promise<string | null> {
    const clock = await this.alpaca.getClock({ maxRetries: 0 });
    if (clock.is_open) return null;
    const today = tradingDayOf(clock.timestamp);
    const now = DateTime.fromISO(clock.timestamp, { setZone: true });
    if (!today || !now.isValid) return null;
    const calendar = await this.gate.calendarCovering(today);
    const closedDays = [...calendar.values()]
      .filter((day) => day.date <= today && newYorkTime(day.date, day.close) <= now)
      .map((day) => day.date)
      .sort();
    const day = closedDays.at(-1);
    if (!day || (await this.snapshots.isClosed(day))) return null;
    const snapshot = await this.read(day, 'read', { runId: null, runStatus: null, closed: true });
    snapshot.takenAt = clock.timestamp;
    return (await this.snapshots.upsert(snapshot)) ? day : null;
  }

  private async read(
    tradingDay: string,
    priority: ReadPriority,
    extra: Pick<NewSnapshot, 'runId' | 'runStatus' | 'closed'>,
  ): Promise<NewSnapshot> {
    const [account, positions] = await Promise.all([
      this.alpaca.getAccount({ priority, maxRetries: 0 }),
      this.alpaca.listPositions({ priority, maxRetries: 0 }),
    ]);
    return {
      tradingDay,
      equity: account.equity,
      cash: account.cash ?? '0',
      longMarketValue: account.long_market_value ?? null,
      lastEquity: account.last_equity ?? null,
      positions: positions.map((p) => ({
        symbol: p.symbol,
        qty: p.qty,
        marketValue: p.market_value,
        costBasis: p.cost_basis ?? null,
      })),
      ...extra,
      takenAt: new Date().toISOString(),
    };
  }
}
