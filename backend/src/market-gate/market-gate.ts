import { DateTime } from 'luxon';

export const EXCHANGE_ZONE = 'America/New_York';

export type GateDecision = 'open' | 'closed' | 'not-a-trading-day' | 'outside-window' | 'unknown';

/** GET /v2/clock as Alpaca sends it (ISO instants with their New York offset). */
export interface BrokerClock {
  timestamp: string;
  is_open: boolean;
  next_open: string;
  next_close: string;
}

/** One GET /v2/calendar entry. */
export interface CalendarDay {
  /** New York date 'YYYY-MM-DD'. */
  date: string;
  /** 'HH:MM' New York time. */
  open: string;
  close: string;
}

export interface Gate {
  decision: GateDecision;
  reason: string;
  /** The broker's New York date; null when the broker could not be asked (or made no sense). */
  tradingDay: string | null;
  /** Today's session (ISO instants with New York offset), when today is a trading day. */
  session?: { open: string; close: string };
  /** Why the decision is `unknown`: the failure, as reported. */
  error?: { name: string; message: string };
  /** Before today's open: how far it is, by the broker's clock against its calendar (ms). */
  opensInMs?: number;
}

export interface GateInput {
  clock: BrokerClock;
  /** The calendar entry for the clock's New York date; null (or another date) when there is none. */
  calendarDay: CalendarDay | null;
  windowMinutes: number;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;

/** A New York calendar date + 'HH:MM' as an instant in New York (DST-aware). Never UTC midnight. */
export function newYorkTime(date: string, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return DateTime.fromISO(date, { zone: EXCHANGE_ZONE }).set({
    hour,
    minute,
    second: 0,
    millisecond: 0,
  });
}

/** The New York date of a broker timestamp (which carries its own offset), or null if unparsable. */
export function tradingDayOf(timestamp: string): string | null {
  const instant = DateTime.fromISO(timestamp, { setZone: true });
  return instant.isValid ? instant.setZone(EXCHANGE_ZONE).toISODate() : null;
}

const unknown = (reason: string, tradingDay: string | null = null): Gate => ({
  decision: 'unknown',
  reason,
  tradingDay,
});

/**
 * Whether today's run may start, from the broker's clock and calendar only (never the host clock).
 *
 * | broker says                                             | decision          |
 * |---------------------------------------------------------|-------------------|
 * | clock or calendar entry unreadable                      | unknown           |
 * | no calendar entry for the clock's New York date         | not-a-trading-day |
 * | before the session open                                 | closed            |
 * | at or after the session close (early closes included)   | closed            |
 * | inside session hours but the clock says closed (halt)   | closed            |
 * | more than `windowMinutes` after the open                | outside-window    |
 * | otherwise (open ≤ now ≤ open + window, now < close)     | open              |
 */
export function decideGate({ clock, calendarDay, windowMinutes }: GateInput): Gate {
  const now = DateTime.fromISO(clock?.timestamp ?? '', { setZone: true });
  const tradingDay = now.isValid ? now.setZone(EXCHANGE_ZONE).toISODate() : null;
  if (!tradingDay)
    return unknown(
      `the broker clock's timestamp is unreadable: ${JSON.stringify(clock?.timestamp)}`,
    );
  if (typeof clock.is_open !== 'boolean')
    return unknown('the broker clock does not say whether the market is open', tradingDay);
  if (!(windowMinutes > 0))
    return unknown(`invalid window of ${windowMinutes} minutes`, tradingDay);
  if (!calendarDay || calendarDay.date !== tradingDay) {
    return {
      decision: 'not-a-trading-day',
      reason: `${tradingDay} is not a trading day (weekend or market holiday)`,
      tradingDay,
    };
  }
  if (
    !YYYY_MM_DD.test(calendarDay.date) ||
    !HH_MM.test(calendarDay.open) ||
    !HH_MM.test(calendarDay.close)
  )
    return unknown(
      `the broker calendar entry is unreadable: ${JSON.stringify({ date: calendarDay.date, open: calendarDay.open, close: calendarDay.close })}`,
      tradingDay,
    );
  const open = newYorkTime(calendarDay.date, calendarDay.open);
  const close = newYorkTime(calendarDay.date, calendarDay.close);
  if (!open.isValid || !close.isValid || close <= open)
    return unknown(
      `the broker calendar entry for ${tradingDay} makes no sense (${calendarDay.open}–${calendarDay.close})`,
      tradingDay,
    );
  const session = { open: open.toISO()!, close: close.toISO()! };
  const at = (dt: DateTime) => `${dt.toFormat('HH:mm')} ET`;
  if (now < open)
    return {
      decision: 'closed',
      reason: `market not open yet (opens ${at(open)})`,
      tradingDay,
      session,
      opensInMs: open.toMillis() - now.toMillis(),
    };
  if (now >= close)
    return {
      decision: 'closed',
      reason: `market closed for the day (closed ${at(close)}${calendarDay.close !== '16:00' ? ', early close' : ''})`,
      tradingDay,
      session,
    };
  if (!clock.is_open)
    return {
      decision: 'closed',
      reason: 'the broker reports the market closed during session hours (halt?)',
      tradingDay,
      session,
    };
  const minutesSinceOpen = now.diff(open, 'minutes').minutes;
  if (minutesSinceOpen > windowMinutes) {
    return {
      decision: 'outside-window',
      reason: `${Math.floor(minutesSinceOpen)} minutes after the open (${at(open)}), beyond the ${windowMinutes}-minute window`,
      tradingDay,
      session,
    };
  }
  return {
    decision: 'open',
    reason: `market open since ${at(open)}, ${Math.floor(minutesSinceOpen)} minutes into the ${windowMinutes}-minute window`,
    tradingDay,
    session,
  };
}
