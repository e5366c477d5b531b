import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { RefreshingCache } from '../infra/cache/refreshing-cache';
import { AppConfig } from '../infra/config/app-config';
import { errorText } from '../infra/error-text';
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
const NEVER_EXPIRES = { freshMs: Infinity, staleMs: Infinity };

/**
 * The gate of the daily run and the market clock shown by /api/status. The broker is the only
 * source of "now" and of trading days.
 *
 * - decide(): a fresh GET /v2/clock every time; the calendar is fetched once per trading day.
 *   Any broker failure answers `unknown`.
 * - getMarketClock(): never a request per call; see there.
 */
@Injectable()
export class MarketGateService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MarketGateService.name);
  /**
   * Calendar entries around a New York day, fetched once for that day: by display reads at their
   * priority, and by the run at its own (the run never waits behind a display read).
   */
  private readonly calendars = {
    read: new RefreshingCache((day: string) => this.fetchCalendar(day, 'read'), NEVER_EXPIRES),
    run: new RefreshingCache((day: string) => this.fetchCalendar(day, 'run'), NEVER_EXPIRES),
  };
  private readonly clockOptions = {
    freshMs: CLOCK_TTL_MS,
    staleMs: Infinity,
    retryMs: CLOCK_TTL_MS,
  };
  /** The last clock: served for ever, refreshed in the background once older than the TTL. */
  private readonly clocks = new RefreshingCache(() => this.fetchClock(), this.clockOptions);

  constructor(
    private readonly alpaca: AlpacaClient,
    private readonly config: AppConfig,
  ) {}

  /** How long a fetched clock is served before a background refresh (tests shorten it). */
  get clockTtlMs(): number {
    return this.clockOptions.freshMs;
  }

  set clockTtlMs(ms: number) {
    this.clockOptions.freshMs = ms;
    this.clockOptions.retryMs = ms;
  }

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
      this.clocks.put(undefined, { value: clock, fetchedAt: Date.now() });
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
      const message = errorText(error);
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
   * Calendar entries around `day` (a New York date), fetched once for that day; concurrent
   * callers share one request — except that the run never waits on a display read, which gives
   * way to the run's own traffic (that would be priority inversion): it asks at its own priority.
   */
  async calendarCovering(
    day: string,
    priority: 'run' | 'read' = 'read',
  ): Promise<Map<string, CalendarDay>> {
    const cached = this.calendarOf(day);
    if (cached) return cached.days;
    return (await this.calendars[priority].get(day)).days;
  }

  private calendarOf(day: string) {
    return this.calendars.run.peek(day) ?? this.calendars.read.peek(day);
  }

  private async fetchCalendar(day: string, priority: 'run' | 'read') {
    const pivot = DateTime.fromISO(day, { zone: EXCHANGE_ZONE });
    const start = pivot.minus({ days: CALENDAR_DAYS_BEHIND }).toISODate()!;
    const end = pivot.plus({ days: CALENDAR_DAYS_AHEAD }).toISODate()!;
    const days = await this.alpaca.getCalendar(start, end, { priority });
    return {
      start,
      end,
      days: new Map(days.map((d) => [d.date, { date: d.date, open: d.open, close: d.close }])),
    };
  }

  /**
   * The broker clock for display, never fetched per call: the first call waits for one fetch;
   * afterwards every call answers at once from the last fetch, with `timestamp` extrapolated by the
   * time elapsed (and `is_open` flipped when that crosses next_open/next_close), and a refresh
   * starts in the background when the fetch is older than 15 s (at most one at a time, at most
   * one attempt per 15 s while the broker fails). Null until the broker has answered once.
   */
  async getMarketClock(): Promise<MarketClock | null> {
    const next = this.clocks.get().catch(() => null);
    // Only the very first call waits, and not for long: a status page must not hang on the broker.
    const clock =
      this.clocks.peek() ??
      (await Promise.race([next, sleep(FIRST_CLOCK_WAIT_MS, null, { ref: false })]));
    return clock ? this.extrapolated(clock) : null;
  }

  private async fetchClock(): Promise<{ value: BrokerClock; fetchedAt: number }> {
    try {
      const value = await this.alpaca.getClock({ maxRetries: 0 });
      const fetchedAt = Date.now();
      const day = tradingDayOf(value.timestamp);
      // Today's session for display; one calendar request per day at most.
      if (day) await this.calendarCovering(day).catch(() => undefined);
      return { value, fetchedAt };
    } catch (error) {
      this.logger.warn(`broker clock refresh failed: ${errorText(error)}`);
      throw error;
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
    const fetchedDay = tradingDayOf(clock.value.timestamp);
    const calendar = fetchedDay ? this.calendarOf(fetchedDay) : undefined;
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
