import { DateTime } from 'luxon';

export const EXCHANGE_ZONE = 'America/New_York';

export type GateDecision = 'open' | 'closed' | 'not-a-trading-day' | 'outside-window' | 'unknown';

export interface BrokerClock {
  timestamp: string;
  is_open: boolean;
  next_open: string;
  next_close: string;
}

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
  /** The broker's New York date; null when the broker could not be asked. */
  tradingDay: string | null;
  /** Today's session (ISO instants with New York offset), when today is a trading day. */
  session?: { open: string; close: string };
}

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

/** The New York date of a broker timestamp (which carries its own offset). */
export function tradingDayOf(timestamp: string): string {
  return DateTime.fromISO(timestamp, { setZone: true }).setZone(EXCHANGE_ZONE).toISODate()!;
}

/**
 * Whether today's run may start, from the broker's clock and calendar only (never the host clock).
 * `today` is the calendar entry for the clock's New York date, or null when it is not a trading day.
 */
export function decideGate(
  clock: BrokerClock,
  today: CalendarDay | null,
  windowMinutes: number,
): Gate {
  const tradingDay = tradingDayOf(clock.timestamp);
  const now = DateTime.fromISO(clock.timestamp, { setZone: true });
  if (!today || today.date !== tradingDay) {
    return {
      decision: 'not-a-trading-day',
      reason: `${tradingDay} is not a trading day (weekend or market holiday)`,
      tradingDay,
    };
  }
  const open = newYorkTime(today.date, today.open);
  const close = newYorkTime(today.date, today.close);
  const session = { open: open.toISO()!, close: close.toISO()! };
  const at = (dt: DateTime) => `${dt.toFormat('HH:mm')} ET`;
  if (now < open)
    return {
      decision: 'closed',
      reason: `market not open yet (opens ${at(open)})`,
      tradingDay,
      session,
    };
  if (now >= close)
    return {
      decision: 'closed',
      reason: `market closed for the day (closed ${at(close)}${today.close !== '16:00' ? ', early close' : ''})`,
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
    reason: `market open since ${at(open)}, ${Math.floor(minutesSinceOpen)} minutes into the window`,
    tradingDay,
    session,
  };
}
