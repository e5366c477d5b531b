import { DateTime } from 'luxon';
import { decideGate, type BrokerClock } from '../market-gate/market-gate';
import { clockAt, NYSE_EARLY_CLOSES, NYSE_HOLIDAYS, sessionOn } from '../sandbox/nyse-calendar';
import { attemptsBetween, cronProblem, nextAttempts } from './cron-schedule';

const DEFAULT_CRON = '30 13,14 * * 1-5';

/** What the gate says at each attempt, with the sandbox's NYSE calendar standing in for the broker. */
function gateAt(instant: Date) {
  const clock = clockAt(instant) as BrokerClock;
  const date = DateTime.fromJSDate(instant).setZone('America/New_York').toISODate()!;
  const session = sessionOn(date);
  return decideGate(clock, session ? { date, open: session.open, close: session.close } : null, 90);
}

describe('cron arithmetic', () => {
  it('lists the next attempts in the cron time zone', () => {
    const attempts = nextAttempts(DEFAULT_CRON, 'UTC', new Date('2026-11-20T14:00:00Z'), 4);
    expect(attempts.map((a) => a.toISOString())).toEqual([
      '2026-11-20T14:30:00.000Z',
      '2026-11-23T13:30:00.000Z',
      '2026-11-23T14:30:00.000Z',
      '2026-11-24T13:30:00.000Z',
    ]);
  });

  it('follows DST when the cron runs in New York time', () => {
    const attempts = nextAttempts(
      '35 9 * * 1-5',
      'America/New_York',
      new Date('2026-03-06T00:00:00Z'),
      2,
    );
    expect(attempts.map((a) => a.toISOString())).toEqual([
      '2026-03-06T14:35:00.000Z',
      '2026-03-09T13:35:00.000Z',
    ]);
  });

  it('reports an invalid expression', () => {
    expect(cronProblem('61 * * * *')).not.toBeNull();
    expect(cronProblem(DEFAULT_CRON)).toBeNull();
  });

  it('with the default schedule, runs exactly once on every trading day of 2025–2027 and never on a holiday', () => {
    const attempts = attemptsBetween(
      DEFAULT_CRON,
      'UTC',
      new Date('2025-01-01T00:00:00Z'),
      new Date('2028-01-01T00:00:00Z'),
    );
    const runsByDay = new Map<string, string[]>();
    const doneDays = new Set<string>();
    for (const attempt of attempts) {
      const gate = gateAt(attempt);
      if (gate.decision !== 'open') continue;
      // The ledger: the first attempt inside the window runs; a later one finds the day done.
      const day = gate.tradingDay!;
      if (doneDays.has(day)) continue;
      doneDays.add(day);
      runsByDay.set(day, [DateTime.fromJSDate(attempt).toUTC().toFormat('HH:mm')]);
    }
    let tradingDays = 0;
    for (
      let d = DateTime.fromISO('2025-01-01', { zone: 'America/New_York' });
      d.year < 2028;
      d = d.plus({ days: 1 })
    ) {
      const date = d.toISODate()!;
      if (sessionOn(date)) {
        tradingDays++;
        expect([date, runsByDay.get(date)?.length]).toEqual([date, 1]);
        const winter = d.offset === -300;
        expect([date, runsByDay.get(date)![0]]).toEqual([date, winter ? '14:30' : '13:30']);
      } else {
        expect([date, runsByDay.has(date)]).toEqual([date, false]);
      }
    }
    expect(tradingDays).toBe(250 + 250 + 252); // NYSE sessions: 2025 (incl. Jan 9 closure), 2026, 2027
    for (const holiday of Object.keys(NYSE_HOLIDAYS)) expect(runsByDay.has(holiday)).toBe(false);
    for (const early of Object.keys(NYSE_EARLY_CLOSES))
      expect(runsByDay.get(early)).toHaveLength(1);
  });

  it('in summer the 14:30 UTC attempt is still inside the window, so only the ledger stops a second run', () => {
    expect(gateAt(new Date('2026-07-14T13:30:00Z')).decision).toBe('open');
    expect(gateAt(new Date('2026-07-14T14:30:00Z')).decision).toBe('open');
    expect(gateAt(new Date('2026-11-24T13:30:00Z')).decision).toBe('closed');
    expect(gateAt(new Date('2026-11-24T14:30:00Z')).decision).toBe('open');
  });

  it('across the March and November 2026 DST weeks, picks the right trigger', () => {
    // US DST began 2026-03-08 and ended 2026-11-01.
    expect(gateAt(new Date('2026-03-06T14:30:00Z')).decision).toBe('open'); // EST Friday
    expect(gateAt(new Date('2026-03-09T13:30:00Z')).decision).toBe('open'); // EDT Monday
    expect(gateAt(new Date('2026-10-30T13:30:00Z')).decision).toBe('open'); // EDT Friday
    expect(gateAt(new Date('2026-11-02T13:30:00Z')).decision).toBe('closed'); // EST Monday: 08:30 ET
    expect(gateAt(new Date('2026-11-02T14:30:00Z')).decision).toBe('open');
  });
});
