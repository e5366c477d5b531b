import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../infra/config/app-config';
import { AlpacaClient } from '../trading/broker/alpaca.client';
import {
  decideGate,
  EXCHANGE_ZONE,
  tradingDayOf,
  type BrokerClock,
  type CalendarDay,
  type Gate,
} from './market-gate';

export interface MarketClock extends BrokerClock {
  /** When the broker was last asked. */
  fetchedAt: string;
}

const CLOCK_TTL_MS = 15_000;
const CALENDAR_DAYS_BEHIND = 7;
const CALENDAR_DAYS_AHEAD = 30;

/**
 * The gate of the daily run and the market clock shown by /api/status. The broker is the only
 * source of "now" and of trading days. The calendar is fetched once per trading day (and again
 * whenever the cached range does not cover today); any broker failure makes the gate `unknown`.
 */
@Injectable()
export class MarketGateService {
  private readonly logger = new Logger(MarketGateService.name);
  private calendar: {
    fetchedFor: string;
    start: string;
    end: string;
    days: Map<string, CalendarDay>;
  } | null = null;
  private clock: { value: BrokerClock; fetchedAt: number } | null = null;
  private clockInFlight: Promise<BrokerClock> | null = null;

  constructor(
    private readonly alpaca: AlpacaClient,
    private readonly config: AppConfig,
  ) {}

  async decide(): Promise<Gate> {
    try {
      const clock = await this.alpaca.getClock();
      this.clock = { value: clock, fetchedAt: Date.now() };
      const day = tradingDayOf(clock.timestamp);
      const calendar = await this.calendarCovering(day);
      return decideGate(clock, calendar.get(day) ?? null, this.config.trading.windowMinutes);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`market gate unknown: ${reason}`);
      return {
        decision: 'unknown',
        reason: `broker unreachable or erroring: ${reason}`,
        tradingDay: null,
      };
    }
  }

  /** Calendar entries around `day`; refetched for a new day or when the cache doesn't cover it. */
  async calendarCovering(day: string): Promise<Map<string, CalendarDay>> {
    const cached = this.calendar;
    if (cached && cached.fetchedFor === day && day >= cached.start && day <= cached.end)
      return cached.days;
    const pivot = DateTime.fromISO(day, { zone: EXCHANGE_ZONE });
    const start = pivot.minus({ days: CALENDAR_DAYS_BEHIND }).toISODate()!;
    const end = pivot.plus({ days: CALENDAR_DAYS_AHEAD }).toISODate()!;
    const days = await this.alpaca.getCalendar(start, end);
    const map = new Map(days.map((d) => [d.date, { date: d.date, open: d.open, close: d.close }]));
    this.calendar = { fetchedFor: day, start, end, days: map };
    return map;
  }

  /**
   * The broker clock for display, fetched at most every 15 s (concurrent callers share one request)
   * and extrapolated by the time elapsed since. Never fetched per request.
   */
  async marketClock(): Promise<MarketClock | null> {
    const fresh = this.clock && Date.now() - this.clock.fetchedAt < CLOCK_TTL_MS;
    if (!fresh) {
      this.clockInFlight ??= this.alpaca
        .getClock()
        .then((value) => {
          this.clock = { value, fetchedAt: Date.now() };
          return value;
        })
        .finally(() => (this.clockInFlight = null));
      await this.clockInFlight.catch(() => undefined);
    }
    if (!this.clock) return null;
    const elapsed = Date.now() - this.clock.fetchedAt;
    const timestamp = DateTime.fromISO(this.clock.value.timestamp, { setZone: true }).plus({
      milliseconds: elapsed,
    });
    const nextClose = DateTime.fromISO(this.clock.value.next_close);
    const nextOpen = DateTime.fromISO(this.clock.value.next_open);
    // Crossing a boundary since the last fetch flips is_open until the next fetch corrects it.
    const isOpen = this.clock.value.is_open
      ? timestamp < nextClose
      : timestamp >= nextOpen && timestamp < nextClose;
    return {
      ...this.clock.value,
      timestamp: timestamp.toISO()!,
      is_open: isOpen,
      fetchedAt: new Date(this.clock.fetchedAt).toISOString(),
    };
  }
}
