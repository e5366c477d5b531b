import { DateTime } from 'luxon';

export const NEW_YORK = 'America/New_York';

/** NYSE full-day closures, 2025–2027 (NYSE holiday calendar, including observed dates). */
export const NYSE_HOLIDAYS: Record<string, string> = {
  '2025-01-01': "New Year's Day",
  '2025-01-09': 'National Day of Mourning (President Carter)',
  '2025-01-20': 'Martin Luther King Jr. Day',
  '2025-02-17': "Washington's Birthday",
  '2025-04-18': 'Good Friday',
  '2025-05-26': 'Memorial Day',
  '2025-06-19': 'Juneteenth',
  '2025-07-04': 'Independence Day',
  '2025-09-01': 'Labor Day',
  '2025-11-27': 'Thanksgiving Day',
  '2025-12-25': 'Christmas Day',
  '2026-01-01': "New Year's Day",
  '2026-01-19': 'Martin Luther King Jr. Day',
  '2026-02-16': "Washington's Birthday",
  '2026-04-03': 'Good Friday',
  '2026-05-25': 'Memorial Day',
  '2026-06-19': 'Juneteenth',
  '2026-07-03': 'Independence Day (observed)',
  '2026-09-07': 'Labor Day',
  '2026-11-26': 'Thanksgiving Day',
  '2026-12-25': 'Christmas Day',
  '2027-01-01': "New Year's Day",
  '2027-01-18': 'Martin Luther King Jr. Day',
  '2027-02-15': "Washington's Birthday",
  '2027-03-26': 'Good Friday',
  '2027-05-31': 'Memorial Day',
  '2027-06-18': 'Juneteenth (observed)',
  '2027-07-05': 'Independence Day (observed)',
  '2027-09-06': 'Labor Day',
  '2027-11-25': 'Thanksgiving Day',
  '2027-12-24': 'Christmas Day (observed)',
};

/** Days the NYSE closes at 13:00 New York time. */
export const NYSE_EARLY_CLOSES: Record<string, string> = {
  '2025-07-03': '13:00',
  '2025-11-28': '13:00',
  '2025-12-24': '13:00',
  '2026-11-27': '13:00',
  '2026-12-24': '13:00',
  '2027-11-26': '13:00',
};

export const CALENDAR_FIRST_DAY = '2025-01-01';
export const CALENDAR_LAST_DAY = '2027-12-31';

export interface Session {
  /** New York calendar date 'YYYY-MM-DD'. */
  date: string;
  /** 'HH:MM' New York time, as Alpaca's calendar reports it. */
  open: string;
  close: string;
  openAt: DateTime;
  closeAt: DateTime;
}

/** The regular session of a New York date, or null on weekends and holidays. */
export function sessionOn(date: string): Session | null {
  const day = DateTime.fromISO(date, { zone: NEW_YORK });
  if (!day.isValid || day.weekday > 5 || NYSE_HOLIDAYS[date]) return null;
  const close = NYSE_EARLY_CLOSES[date] ?? '16:00';
  const at = (hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number);
    return day.set({ hour, minute, second: 0, millisecond: 0 });
  };
  return { date, open: '09:30', close, openAt: at('09:30'), closeAt: at(close) };
}

/** Trading sessions between two New York dates, inclusive. */
export function sessionsBetween(start: string, end: string): Session[] {
  const sessions: Session[] = [];
  let day = DateTime.fromISO(start, { zone: NEW_YORK });
  const last = DateTime.fromISO(end, { zone: NEW_YORK });
  for (let guard = 0; day <= last && guard < 4000; guard++) {
    const session = sessionOn(day.toISODate()!);
    if (session) sessions.push(session);
    day = day.plus({ days: 1 });
  }
  return sessions;
}

/** The New York date of an instant (never the UTC date). */
export function newYorkDate(instant: Date | DateTime): string {
  const dt = instant instanceof Date ? DateTime.fromJSDate(instant) : instant;
  return dt.setZone(NEW_YORK).toISODate()!;
}

/** Alpaca's clock for an instant: is the market open, and the next open and close. */
export function clockAt(instant: Date): {
  timestamp: string;
  is_open: boolean;
  next_open: string;
  next_close: string;
} {
  const now = DateTime.fromJSDate(instant).setZone(NEW_YORK);
  const today = sessionOn(now.toISODate()!);
  const isOpen = !!today && now >= today.openAt && now < today.closeAt;
  let nextOpen: DateTime | null = today && now < today.openAt ? today.openAt : null;
  let nextClose: DateTime | null = today && now < today.closeAt ? today.closeAt : null;
  let day = now.startOf('day');
  for (let i = 0; i < 15 && (!nextOpen || !nextClose); i++) {
    day = day.plus({ days: 1 });
    const session = sessionOn(day.toISODate()!);
    if (!session) continue;
    nextOpen ??= session.openAt;
    nextClose ??= session.closeAt;
  }
  const iso = (dt: DateTime) => dt.toISO({ suppressMilliseconds: true })!;
  return {
    timestamp: now.toISO()!,
    is_open: isOpen,
    next_open: iso(nextOpen!),
    next_close: iso(nextClose!),
  };
}
