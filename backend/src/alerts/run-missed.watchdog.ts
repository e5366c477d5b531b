import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../infra/config/app-config';
import { EXCHANGE_ZONE, newYorkTime, tradingDayOf } from '../market-gate/market-gate';
import { MarketGateService } from '../market-gate/market-gate.service';
import { AlertsService } from './alerts.service';
import { AlpacaClient } from '../trading/broker/alpaca.client';
import { DAILY_JOB } from '../scheduling/scheduling.constants';
import { WatchdogRepository } from './watchdog.repository';
import { errorText } from '../infra/error-text';

export const RUN_MISSED_WATCHDOG = 'run_missed';

/** One run_missed per trading day, ever: replicas and restarts share it. */
const missedKey = (tradingDay: string) => `run_missed:${tradingDay}`;

/**
 * Raises run_missed when a trading day's window (open + TRADING_WINDOW_MINUTES, or the close if
 * earlier) has closed with no successful daily run. Worker and all roles, once a minute. "Now" and
 * trading days come from the broker's clock and calendar, like the gate. The dedup key is the day,
 * so replicas and restarts report a day once; days are looked at back to the first time a watchdog
 * ever ran on this database (watchdog_state), so a window that closed while every worker was down
 * is still reported after the restart.
 */
@Injectable()
export class RunMissedWatchdog implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RunMissedWatchdog');
  /** Tests call check() directly; production polls at this interval. */
  intervalMs = 60_000;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<string[]> | null = null;

  constructor(
    private readonly alpaca: AlpacaClient,
    private readonly gate: MarketGateService,
    private readonly repository: WatchdogRepository,
    private readonly config: AppConfig,
    private readonly alerts: AlertsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsScheduler) return;
    const tick = () =>
      void this.check().catch((error: unknown) =>
        this.logger.warn(`check failed: ${errorText(error)}`),
      );
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    tick();
  }

  /** Before the database closes (TypeORM closes it in onApplicationShutdown): stop and wait. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One look: returns the trading days newly reported as missed. */
  check(): Promise<string[]> {
    this.running ??= this.look().finally(() => (this.running = null));
    return this.running;
  }

  private async look(): Promise<string[]> {
    const clock = await this.alpaca.getClock({ maxRetries: 0 });
    const today = tradingDayOf(clock.timestamp);
    const now = DateTime.fromISO(clock.timestamp, { setZone: true });
    if (!today || !now.isValid) return [];
    const since = await this.repository.watchingSince(RUN_MISSED_WATCHDOG, now.toJSDate());
    const calendar = await this.gate.calendarCovering(today);
    const reported: string[] = [];
    const closed = [...calendar.values()]
      .filter((day) => day.date <= today)
      .map((day) => {
        const open = newYorkTime(day.date, day.open);
        const close = newYorkTime(day.date, day.close);
        const windowEnd = DateTime.min(
          open.plus({ minutes: this.config.trading.windowMinutes }),
          close,
        );
        return { date: day.date, windowEnd };
      })
      .filter(({ windowEnd }) => windowEnd < now && windowEnd.toMillis() > since.getTime());
    const done = await this.repository.alreadyAlerted(closed.map(({ date }) => missedKey(date)));
    for (const { date, windowEnd } of closed) {
      if (done.has(missedKey(date))) continue;
      const record = await this.repository.day(DAILY_JOB, date, this.config.run.staleAfterSeconds);
      // A run that started inside the window may finish after it: judge the day once it is done
      // (or its owner is dead — a stale run is never resumed after the window).
      if (record.succeeded || record.inProgress) continue;
      const closedAt = windowEnd.setZone(EXCHANGE_ZONE).toFormat('HH:mm');
      const last = record.last
        ? `last attempt ${record.last.status} (${record.last.trigger})${record.last.why ? `: ${record.last.why}` : ''}`
        : 'no attempt was recorded at all — was a worker running, is TRADING_CRON right?';
      await this.alerts.raise({
        kind: 'run_missed',
        dedupKey: missedKey(date),
        severity: 'critical',
        tradingDay: date,
        summary: `No successful run on ${date}; its window closed at ${closedAt} ET. ${record.attempts} attempt(s); ${last}`,
        details: {
          attempts: record.attempts,
          last: record.last,
          windowClosedAt: windowEnd.toISO(),
        },
      });
      reported.push(date);
    }
    return reported;
  }
}
