import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../infra/config/app-config';
import { AlpacaClient } from '../trading/broker/alpaca.client';
import {
  decideGate,
  EXCHANGE_ZONE,
  newYorkTime,
  tradingDayOf,
  type BrokerClock,
  type CalendarDay,
  type Gate,
} from './market-gate';

/** The broker clock for display (GET /api/status), extrapolated from the last fetch. */
export interface MarketClock extends BrokerClock {
  /** When the broker was last asked successfully (ISO). */
  fetchedAt: string;
  /** The New York date of `timestamp`. */
  tradingDay: string;
  /**
   * Today's session from the broker calendar (ISO instants, New York offset): null when today is
   * not a trading day, undefined while the calendar has not been read yet.
   */
  session?: { open: string; close: string } | null;
}

/** How long a fetched broker clock is trusted before a refresh is started (15–30 s asked for). */
export const CLOCK_TTL_MS = 15_000;
/** The first getMarketClock() waits at most this long for the broker before answering null. */
const FIRST_CLOCK_WAIT_MS = 1_500;
const CALENDAR_DAYS_BEHIND = 7;
const CALENDAR_DAYS_AHEAD = 30;

/**
 * The gate of the daily run and the market clock shown by /api/status. The broker is the only
 * source of "now" and of trading days.
 *
 * - decide(): a fresh GET /v2/clock every time; the calendar is fetched once per trading day (and
 *   again whenever the cached range does not cover today). Any broker failure answers `unknown`.
 * - getMarketClock(): never a request per call; see there.
 */
@Injectable()
export class MarketGateService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MarketGateService.name);
  private calendar: {
    fetchedFor: string;
    start: string;
    end: string;
    days: Map<string, CalendarDay>;
  } | null = null;
  private calendarInFlight: {
    day: string;
    promise: Promise<Map<string, CalendarDay>>;
    priority: 'run' | 'read';
  } | null = null;
  private clock: { value: BrokerClock; fetchedAt: number } | null = null;
  private clockRefresh: Promise<void> | null = null;
  private lastClockAttempt = 0;
  /** How long a fetched clock is served before a background refresh (tests shorten it). */
  clockTtlMs = CLOCK_TTL_MS;

  constructor(
    private readonly alpaca: AlpacaClient,
    private readonly config: AppConfig,
  ) {}

  /**
   * At boot, in the background: the first clock (and today's calendar with it), so the dashboard
   * has a clock at once and the first run's gate finds the calendar cached and a warm connection.
   * Never delays readiness; a failure is only logged, and every later caller asks again.
   */
  onApplicationBootstrap(): void {
    void this.getMarketClock().catch(() => undefined);
  }

  /** Whether today's run may start now. Never throws; a broker failure is `unknown`, never open. */
  async decide(): Promise<Gate> {
    try {
      // The run's own question: served before dashboard and preview reads.
      const clock = await this.alpaca.getClock({ priority: 'run' });
      this.clock = { value: clock, fetchedAt: Date.now() };
      const day = tradingDayOf(clock.timestamp);
      if (!day)
        return decideGate({
          clock,
          calendarDay: null,
          windowMinutes: this.config.trading.windowMinutes,
        });
      const calendar = await this.calendarCovering(day, 'run');
      return decideGate({
        clock,
        calendarDay: calendar.get(day) ?? null,
        windowMinutes: this.config.trading.windowMinutes,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`market gate unknown: ${message}`);
      return {
        decision: 'unknown',
        reason: `broker unreachable or erroring: ${message}`,
        tradingDay: null,
        error: { name: error instanceof Error ? error.name : 'Error', message },
      };
    }
  }

  /**
   * Calendar entries around `day` (a New York date). Cached for the day it was fetched for; a new
   * day, or a day outside the cached range, fetches again. Concurrent callers share one request —
   * except that the run never waits on a display refresh's request, which gives way to the run's
   * own traffic (that would be priority inversion): it asks at its own priority.
   */
  async calendarCovering(
    day: string,
    priority: 'run' | 'read' = 'read',
  ): Promise<Map<string, CalendarDay>> {
    const cached = this.calendar;
    if (cached && cached.fetchedFor === day && day >= cached.start && day <= cached.end)
      return cached.days;
    const inFlight = this.calendarInFlight;
    if (inFlight?.day === day && (inFlight.priority === 'run' || priority === 'read'))
      return inFlight.promise;
    const pivot = DateTime.fromISO(day, { zone: EXCHANGE_ZONE });
    const start = pivot.minus({ days: CALENDAR_DAYS_BEHIND }).toISODate()!;
    const end = pivot.plus({ days: CALENDAR_DAYS_AHEAD }).toISODate()!;
    const promise = this.alpaca
      .getCalendar(start, end, { priority })
      .then((days) => {
        const map = new Map(
          days.map((d) => [d.date, { date: d.date, open: d.open, close: d.close }]),
        );
        this.calendar = { fetchedFor: day, start, end, days: map };
        return map;
      })
      .finally(() => {
        if (this.calendarInFlight?.promise === promise) this.calendarInFlight = null;
      });
    this.calendarInFlight = { day, promise, priority };
    return promise;
  }

  /**
   * The broker clock for display, never fetched per call: the first call waits for one fetch;
   * afterwards every call answers at once from the last fetch, with `timestamp` extrapolated by the
   * time elapsed (and `is_open` flipped when that crosses next_open/next_close), and a refresh
   * starts in the background when the fetch is older than 15 s (at most one at a time, at most
   * one attempt per 15 s while the broker fails). Null until the broker has answered once.
   */
  async getMarketClock(): Promise<MarketClock | null> {
    const stale = !this.clock || Date.now() - this.clock.fetchedAt >= this.clockTtlMs;
    if (stale && !this.clockRefresh && Date.now() - this.lastClockAttempt >= this.clockTtlMs) {
      this.lastClockAttempt = Date.now();
      this.clockRefresh = this.refreshClock().finally(() => (this.clockRefresh = null));
    }
    // Only the very first call waits, and not for long: a status page must not hang on the broker.
    if (!this.clock && this.clockRefresh)
      await Promise.race([this.clockRefresh, sleep(FIRST_CLOCK_WAIT_MS)]);
    return this.clock ? this.extrapolated(this.clock) : null;
  }

  /** @deprecated the name /api/status used first; same as getMarketClock(). */
  marketClock(): Promise<MarketClock | null> {
    return this.getMarketClock();
  }

  private async refreshClock(): Promise<void> {
    try {
      const value = await this.alpaca.getClock({ maxRetries: 0 });
      this.clock = { value, fetchedAt: Date.now() };
      const day = tradingDayOf(value.timestamp);
      // Today's session for display; one calendar request per day at most.
      if (day) await this.calendarCovering(day).catch(() => undefined);
    } catch (error) {
      this.logger.warn(
        `broker clock refresh failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private extrapolated(clock: { value: BrokerClock; fetchedAt: number }): MarketClock {
    const elapsed = Date.now() - clock.fetchedAt;
    const timestamp = DateTime.fromISO(clock.value.timestamp, { setZone: true }).plus({
      milliseconds: elapsed,
    });
    const nextClose = DateTime.fromISO(clock.value.next_close);
    const nextOpen = DateTime.fromISO(clock.value.next_open);
    // Crossing a boundary since the fetch flips is_open until the next fetch corrects everything.
    const isOpen = clock.value.is_open
      ? timestamp < nextClose
      : timestamp >= nextOpen && timestamp < nextClose;
    const tradingDay = timestamp.setZone(EXCHANGE_ZONE).toISODate()!;
    const result: MarketClock = {
      ...clock.value,
      timestamp: timestamp.toISO()!,
      is_open: isOpen,
      fetchedAt: new Date(clock.fetchedAt).toISOString(),
      tradingDay,
    };
    const calendar = this.calendar;
    if (calendar && tradingDay >= calendar.start && tradingDay <= calendar.end) {
      const today = calendar.days.get(tradingDay);
      result.session = today
        ? {
            open: newYorkTime(today.date, today.open).toISO()!,
            close: newYorkTime(today.date, today.close).toISO()!,
          }
        : null;
    }
    return result;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
