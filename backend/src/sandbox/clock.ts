import { DateTime } from 'luxon';
import type { components } from '../trading/broker/alpaca-api';
import { ALPACA_CODES, AlpacaError } from './alpaca-errors';
import { clockAt, NEW_YORK, newYorkDate, sessionOn, sessionsBetween } from './nyse-calendar';

type Clock = components['schemas']['legacy_clock'];
type CalendarDay = components['schemas']['legacy_calendar_day'];

export type SandboxMode = 'nyse' | 'always-open';

/** A fixed instant (ISO or Date) or an offset from the host clock; `{}` is the host clock. */
export interface ClockSetting {
  at?: string | Date;
  offsetMs?: number;
}

/**
 * The sandbox's time and market hours: a settable "now" (fixed, offset or the host's), and the two
 * modes: `nyse` (NYSE hours, holidays and early closes) or `always-open` (the demo: every day a
 * session until 23:59 New York). Answers GET /v2/clock and GET /v2/calendar.
 */
export class SandboxClock {
  private setting: { fixed?: Date; offsetMs: number } = { offsetMs: 0 };
  /** always-open mode: the session of each New York date opens a minute before it is first asked about. */
  private readonly demoOpens = new Map<string, DateTime>();

  constructor(public mode: SandboxMode = 'nyse') {}

  /** The sandbox's "now": what GET /v2/clock reports and what decides fills. */
  now(): Date {
    return this.setting.fixed
      ? new Date(this.setting.fixed.getTime())
      : new Date(Date.now() + this.setting.offsetMs);
  }

  set(clock: ClockSetting): void {
    if (clock.at !== undefined) {
      const fixed = new Date(clock.at);
      if (Number.isNaN(fixed.getTime())) throw new Error(`invalid sandbox clock: ${clock.at}`);
      this.setting = { fixed, offsetMs: 0 };
    } else this.setting = { offsetMs: clock.offsetMs ?? 0 };
  }

  /** Whether the market is open at the sandbox's "now". */
  isOpen(): boolean {
    return this.mode === 'always-open' || clockAt(this.now()).is_open;
  }

  /** GET /v2/clock. */
  clock(): Clock {
    const now = DateTime.fromJSDate(this.now()).setZone(NEW_YORK);
    if (this.mode === 'always-open') {
      const iso = (dt: DateTime) => dt.toISO({ suppressMilliseconds: true })!;
      const today = this.demoSession(now.toISODate()!);
      return {
        timestamp: now.toISO()!,
        is_open: true,
        next_open: iso(now.plus({ days: 1 }).startOf('day')),
        next_close: iso(now < today.closeAt ? today.closeAt : today.closeAt.plus({ days: 1 })),
      };
    }
    return clockAt(now.toJSDate());
  }

  /** GET /v2/calendar (start and end: New York dates; either may be missing). */
  calendar(start: string | null, end: string | null): CalendarDay[] {
    const today = newYorkDate(this.now());
    const from = (start ?? today).slice(0, 10);
    const to = (end ?? from).slice(0, 10);
    const valid = (d: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d, { zone: NEW_YORK }).isValid;
    if (!valid(from) || !valid(to))
      throw new AlpacaError(
        400,
        ALPACA_CODES.malformed,
        'start and end must be dates (YYYY-MM-DD)',
      );
    if (this.mode === 'always-open') {
      const days: CalendarDay[] = [];
      for (
        let d = DateTime.fromISO(from, { zone: NEW_YORK });
        d.toISODate()! <= to && days.length < 1000;
        d = d.plus({ days: 1 })
      ) {
        const date = d.toISODate()!;
        const session = this.demoSession(date);
        days.push({
          date,
          open: session.open,
          close: session.close,
          session_open: '0000',
          session_close: '2359',
          settlement_date: d.plus({ days: 1 }).toISODate()!,
        });
      }
      return days;
    }
    return sessionsBetween(from, to).map((s) => ({
      date: s.date,
      open: s.open,
      close: s.close,
      session_open: '0400',
      session_close: s.close === '16:00' ? '2000' : '1700',
      settlement_date: nextSessionAfter(s.date),
    }));
  }

  /**
   * always-open mode: every day is a session until 23:59 New York; today's opened one minute before
   * the sandbox was first asked about today (so the first run of the day is inside its window).
   * Other days open at midnight; only today's answer is remembered.
   */
  private demoSession(date: string): { open: string; close: string; closeAt: DateTime } {
    const startOfDay = DateTime.fromISO(date, { zone: NEW_YORK });
    let open = this.demoOpens.get(date);
    if (!open) {
      const now = DateTime.fromJSDate(this.now()).setZone(NEW_YORK);
      if (now.toISODate() === date) {
        const minuteAgo = now.minus({ minutes: 1 }).startOf('minute');
        open = minuteAgo < startOfDay ? startOfDay : minuteAgo;
        this.demoOpens.set(date, open);
      } else open = startOfDay;
    }
    const closeAt = startOfDay.set({ hour: 23, minute: 59 });
    return { open: open.toFormat('HH:mm'), close: '23:59', closeAt };
  }
}

function nextSessionAfter(date: string): string {
  const from = DateTime.fromISO(date, { zone: NEW_YORK });
  for (let d = from.plus({ days: 1 }), i = 0; i < 15; d = d.plus({ days: 1 }), i++) {
    if (sessionOn(d.toISODate()!)) return d.toISODate()!;
  }
  return date;
}
