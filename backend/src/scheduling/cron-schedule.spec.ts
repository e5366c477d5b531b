import { DateTime } from 'luxon';
import { decideGate, type BrokerClock, type Gate } from '../market-gate/market-gate';
import { clockAt, NYSE_EARLY_CLOSES, NYSE_HOLIDAYS, sessionOn } from '../sandbox/nyse-calendar';
import { attemptsBetween, cronProblem, nextAttempts } from './cron-schedule';

const DEFAULT_CRON = '30 13,14 * * 1-5';
const NEW_YORK = 'America/New_York';

/** What the gate says at an instant, with the sandbox's NYSE calendar standing in for the broker. */
function gateAt(instant: Date, windowMinutes = 90): Gate {
  const clock = clockAt(instant) as BrokerClock;
  const date = DateTime.fromJSDate(instant).setZone(NEW_YORK).toISODate()!;
  const session = sessionOn(date);
  return decideGate({
    clock,
    calendarDay: session ? { date, open: session.open, close: session.close } : null,
    windowMinutes,
  });
}

const hhmmUtc = (d: Date) => DateTime.fromJSDate(d).toUTC().toFormat('HH:mm');

/**
 * Every attempt of 2025–2027 with the gate's answer, grouped by New York date, and the day each
 * attempt would run: the first `open` attempt of a day runs, a later one finds the day done (the
 * ledger's unique index; docs/architecture.md, the daily run).
 */
const walks = new Map<string, ReturnType<typeof computeWalk>>();
function walk(expression: string, timeZone: string) {
  const key = `${expression} ${timeZone}`;
  if (!walks.has(key)) walks.set(key, computeWalk(expression, timeZone));
  return walks.get(key)!;
}
function computeWalk(expression: string, timeZone: string, windowMinutes = 90) {
  const attempts = attemptsBetween(
    expression,
    timeZone,
    new Date('2024-12-31T23:59:59Z'),
    new Date('2028-01-01T05:00:00Z'),
  );
  const byDay = new Map<string, { at: Date; gate: Gate }[]>();
  for (const at of attempts) {
    const day = DateTime.fromJSDate(at).setZone(NEW_YORK).toISODate()!;
    if (!day.startsWith('202') || day > '2027-12-31') continue;
    byDay.set(day, [...(byDay.get(day) ?? []), { at, gate: gateAt(at, windowMinutes) }]);
  }
  const runs = new Map<string, Date>();
  for (const [day, list] of byDay) {
    const first = list.find((a) => a.gate.decision === 'open');
    if (first) runs.set(day, first.at);
  }
  return { byDay, runs };
}

function* newYorkDays(from: string, to: string) {
  for (
    let d = DateTime.fromISO(from, { zone: NEW_YORK });
    d.toISODate()! <= to;
    d = d.plus({ days: 1 })
  )
    yield d;
}

describe('cron arithmetic', () => {
  it('lists the next attempts in the cron time zone, strictly after the given instant', () => {
    const attempts = nextAttempts(DEFAULT_CRON, 'UTC', new Date('2026-11-20T14:00:00Z'), 4);
    expect(attempts.map((a) => a.toISOString())).toEqual([
      '2026-11-20T14:30:00.000Z',
      '2026-11-23T13:30:00.000Z',
      '2026-11-23T14:30:00.000Z',
      '2026-11-24T13:30:00.000Z',
    ]);
    expect(
      nextAttempts(DEFAULT_CRON, 'UTC', new Date('2026-11-20T14:30:00Z'), 1)[0].toISOString(),
    ).toBe('2026-11-23T13:30:00.000Z');
  });

  it('follows DST when the cron runs in New York time', () => {
    const attempts = nextAttempts('35 9 * * 1-5', NEW_YORK, new Date('2026-03-06T00:00:00Z'), 2);
    expect(attempts.map((a) => a.toISOString())).toEqual([
      '2026-03-06T14:35:00.000Z',
      '2026-03-09T13:35:00.000Z',
    ]);
    const autumn = nextAttempts('35 9 * * 1-5', NEW_YORK, new Date('2026-10-30T00:00:00Z'), 2);
    expect(autumn.map((a) => a.toISOString())).toEqual([
      '2026-10-30T13:35:00.000Z',
      '2026-11-02T14:35:00.000Z',
    ]);
  });

  it('reports an invalid expression, and refuses to compute one', () => {
    expect(cronProblem('61 * * * *')).not.toBeNull();
    expect(cronProblem('not cron')).not.toBeNull();
    expect(cronProblem(DEFAULT_CRON)).toBeNull();
    expect(() => nextAttempts('61 * * * *', 'UTC', new Date(), 1)).toThrow();
  });

  it('with the default schedule, runs exactly once on every trading day of 2025–2027 — 14:30 UTC in winter, 13:30 in summer — and never on a holiday', () => {
    const { byDay, runs } = walk(DEFAULT_CRON, 'UTC');
    let tradingDays = 0;
    for (const d of newYorkDays('2025-01-01', '2027-12-31')) {
      const date = d.toISODate()!;
      const attempts = byDay.get(date) ?? [];
      const session = sessionOn(date);
      if (!session) {
        // Weekends have no attempt; holidays have two, both refused.
        expect([date, attempts.map((a) => a.gate.decision)]).toEqual([
          date,
          d.weekday > 5 ? [] : ['not-a-trading-day', 'not-a-trading-day'],
        ]);
        expect(runs.has(date)).toBe(false);
        continue;
      }
      tradingDays++;
      const winter = d.offset === -300;
      const summary = attempts.map((a) => `${hhmmUtc(a.at)} ${a.gate.decision}`);
      // Winter (EST): 13:30 UTC is 08:30 New York, 14:30 UTC the open. Summer (EDT): 13:30 UTC is
      // the open and 14:30 UTC (10:30) is still inside the 90-minute window — the ledger finds
      // the day done.
      expect([date, summary]).toEqual([
        date,
        winter ? ['13:30 closed', '14:30 open'] : ['13:30 open', '14:30 open'],
      ]);
      expect([date, hhmmUtc(runs.get(date)!)]).toEqual([date, winter ? '14:30' : '13:30']);
      // The run starts inside [open, open + window] and before the close.
      const run = DateTime.fromJSDate(runs.get(date)!);
      expect(run >= session.openAt && run <= session.openAt.plus({ minutes: 90 })).toBe(true);
      expect(run < session.closeAt).toBe(true);
    }
    expect(tradingDays).toBe(250 + 251 + 251);
    expect(runs.size).toBe(tradingDays);
    for (const holiday of Object.keys(NYSE_HOLIDAYS)) expect(runs.has(holiday)).toBe(false);
    for (const early of Object.keys(NYSE_EARLY_CLOSES)) expect(runs.has(early)).toBe(true);
  });

  it('walks the DST weeks of March and November 2026 attempt by attempt', () => {
    const decisions = (from: string, to: string) =>
      attemptsBetween(DEFAULT_CRON, 'UTC', new Date(from), new Date(to)).map(
        (at) => `${at.toISOString().slice(0, 16)} ${gateAt(at).decision}`,
      );
    // US DST began Sunday 2026-03-08 and ended Sunday 2026-11-01.
    expect(decisions('2026-03-05T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual([
      '2026-03-05T13:30 closed',
      '2026-03-05T14:30 open',
      '2026-03-06T13:30 closed',
      '2026-03-06T14:30 open',
      '2026-03-09T13:30 open',
      '2026-03-09T14:30 open',
    ]);
    expect(decisions('2026-10-29T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual([
      '2026-10-29T13:30 open',
      '2026-10-29T14:30 open',
      '2026-10-30T13:30 open',
      '2026-10-30T14:30 open',
      '2026-11-02T13:30 closed',
      '2026-11-02T14:30 open',
    ]);
  });

  it('Thanksgiving week 2026: nothing on the holiday, the early-close Friday runs at 14:30 UTC', () => {
    const { byDay, runs } = walk(DEFAULT_CRON, 'UTC');
    expect(byDay.get('2026-11-26')!.map((a) => a.gate.decision)).toEqual([
      'not-a-trading-day',
      'not-a-trading-day',
    ]);
    expect(runs.get('2026-11-27')!.toISOString()).toBe('2026-11-27T14:30:00.000Z');
    expect(byDay.get('2026-11-27')![1].gate.session).toEqual({
      open: '2026-11-27T09:30:00.000-05:00',
      close: '2026-11-27T13:00:00.000-05:00',
    });
  });

  it('a schedule in New York time lands once a day at the same local time, across DST', () => {
    const { byDay, runs } = walk('40 9 * * 1-5', NEW_YORK);
    for (const d of newYorkDays('2025-01-01', '2027-12-31')) {
      const date = d.toISODate()!;
      if (!sessionOn(date)) {
        expect(runs.has(date)).toBe(false);
        continue;
      }
      expect([date, byDay.get(date)!.map((a) => a.gate.decision)]).toEqual([date, ['open']]);
      expect(DateTime.fromJSDate(runs.get(date)!).setZone(NEW_YORK).toFormat('HH:mm')).toBe(
        '09:40',
      );
    }
  });

  it('a window shorter than an hour makes the summer 14:30 UTC attempt outside-window', () => {
    expect(gateAt(new Date('2026-07-14T14:30:00Z'), 45).decision).toBe('outside-window');
    expect(gateAt(new Date('2026-07-14T13:30:00Z'), 45).decision).toBe('open');
    expect(gateAt(new Date('2026-12-14T14:30:00Z'), 45).decision).toBe('open');
  });
});
