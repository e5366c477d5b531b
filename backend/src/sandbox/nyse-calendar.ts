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

/** The years whose closures above are NYSE's published lists; other years follow the rules below. */
export const OFFICIAL_YEARS = [2025, 2026, 2027];
export const CALENDAR_FIRST_DAY = '2025-01-01';
export const CALENDAR_LAST_DAY = '2027-12-31';

/**
 * NYSE's standing holiday rules (Rule 7.2), used for years without a published list above. They
 * cannot know one-off closures (national days of mourning, 2012's hurricane), which is why the
 * published years are encoded verbatim; a test checks the rules reproduce them.
 */
export function ruleHolidays(year: number): Record<string, string> {
  const date = (month: number, day: number) =>
    DateTime.fromObject({ year, month, day }, { zone: NEW_YORK });
  const nthWeekday = (month: number, weekday: number, n: number) => {
    const first = date(month, 1);
    return first.plus({ days: ((weekday - first.weekday + 7) % 7) + (n - 1) * 7 });
  };
  const lastMonday = (month: number) => {
    const last = date(month, 1).endOf('month').startOf('day');
    return last.minus({ days: (last.weekday - 1 + 7) % 7 });
  };
  /** Saturday → the Friday before, Sunday → the Monday after. */
  const observed = (day: DateTime) =>
    day.weekday === 6 ? day.minus({ days: 1 }) : day.weekday === 7 ? day.plus({ days: 1 }) : day;
  const holidays: [DateTime | null, string][] = [
    // A Saturday New Year's Day is not observed on the Friday before (it would close a year-end).
    [date(1, 1).weekday === 6 ? null : observed(date(1, 1)), "New Year's Day"],
    [nthWeekday(1, 1, 3), 'Martin Luther King Jr. Day'],
    [nthWeekday(2, 1, 3), "Washington's Birthday"],
    [easterSunday(year).minus({ days: 2 }), 'Good Friday'],
    [lastMonday(5), 'Memorial Day'],
    [year >= 2022 ? observed(date(6, 19)) : null, 'Juneteenth'],
    [observed(date(7, 4)), 'Independence Day'],
    [nthWeekday(9, 1, 1), 'Labor Day'],
    [nthWeekday(11, 4, 4), 'Thanksgiving Day'],
    [observed(date(12, 25)), 'Christmas Day'],
  ];
  return Object.fromEntries(
    holidays
      .filter((h): h is [DateTime, string] => h[0] !== null)
      .map(([d, name]) => [d.toISODate()!, name]),
  );
}

/** NYSE's standing 13:00 early closes: July 3 (Mon–Thu), the day after Thanksgiving, Christmas Eve (Mon–Thu). */
export function ruleEarlyCloses(year: number): Record<string, string> {
  const date = (month: number, day: number) =>
    DateTime.fromObject({ year, month, day }, { zone: NEW_YORK });
  const early: DateTime[] = [];
  const julyThird = date(7, 3);
  if (julyThird.weekday <= 4) early.push(julyThird);
  const november = date(11, 1);
  early.push(november.plus({ days: ((4 - november.weekday + 7) % 7) + 21 + 1 }));
  const christmasEve = date(12, 24);
  if (christmasEve.weekday <= 4) early.push(christmasEve);
  return Object.fromEntries(early.map((d) => [d.toISODate()!, '13:00']));
}

/** Easter Sunday (Gregorian; anonymous algorithm, a.k.a. Meeus/Jones/Butcher). */
function easterSunday(year: number): DateTime {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.fromObject({ year, month, day }, { zone: NEW_YORK });
}

const ruleCache = new Map<
  number,
  { holidays: Record<string, string>; early: Record<string, string> }
>();
function closuresOf(year: number) {
  let closures = ruleCache.get(year);
  if (!closures) {
    closures = OFFICIAL_YEARS.includes(year)
      ? { holidays: NYSE_HOLIDAYS, early: NYSE_EARLY_CLOSES }
      : { holidays: ruleHolidays(year), early: ruleEarlyCloses(year) };
    ruleCache.set(year, closures);
  }
  return closures;
}

/** The holiday closing the NYSE on a New York date, if any (published list, else the rules). */
export function holidayOn(date: string): string | undefined {
  return closuresOf(Number(date.slice(0, 4))).holidays[date];
}

/** The early close time ('HH:MM' New York) of a date, if it is an early-close day. */
export function earlyCloseOn(date: string): string | undefined {
  return closuresOf(Number(date.slice(0, 4))).early[date];
}

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
  if (!day.isValid || day.weekday > 5 || holidayOn(date)) return null;
  const close = earlyCloseOn(date) ?? '16:00';
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
