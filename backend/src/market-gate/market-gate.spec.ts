import {
  decideGate,
  newYorkTime,
  tradingDayOf,
  type BrokerClock,
  type CalendarDay,
} from './market-gate';

const clock = (timestamp: string, is_open = true): BrokerClock => ({
  timestamp,
  is_open,
  next_open: '',
  next_close: '',
});
const day = (date: string, close = '16:00'): CalendarDay => ({ date, open: '09:30', close });
const gate = (c: BrokerClock, calendarDay: CalendarDay | null, windowMinutes = 90) =>
  decideGate({ clock: c, calendarDay, windowMinutes });

describe('decideGate', () => {
  it('opens at the session open and stays open through the window, inclusive', () => {
    expect(gate(clock('2026-11-23T09:30:00-05:00'), day('2026-11-23'))).toMatchObject({
      decision: 'open',
      tradingDay: '2026-11-23',
      session: { open: '2026-11-23T09:30:00.000-05:00', close: '2026-11-23T16:00:00.000-05:00' },
    });
    expect(gate(clock('2026-11-23T11:00:00-05:00'), day('2026-11-23')).decision).toBe('open');
    expect(gate(clock('2026-11-23T11:00:01-05:00'), day('2026-11-23'))).toMatchObject({
      decision: 'outside-window',
      reason: '90 minutes after the open (09:30 ET), beyond the 90-minute window',
      tradingDay: '2026-11-23',
    });
  });

  it('is closed before the open (the winter 13:30 UTC trigger), with the session attached', () => {
    expect(gate(clock('2026-11-23T13:30:00Z', false), day('2026-11-23'))).toMatchObject({
      decision: 'closed',
      reason: 'market not open yet (opens 09:30 ET)',
      session: { open: '2026-11-23T09:30:00.000-05:00', close: '2026-11-23T16:00:00.000-05:00' },
    });
    expect(gate(clock('2026-11-23T09:29:59-05:00', false), day('2026-11-23')).decision).toBe(
      'closed',
    );
  });

  it('honours an early close even inside the window', () => {
    const early = day('2026-11-27', '13:00');
    expect(gate(clock('2026-11-27T13:00:00-05:00', false), early, 300)).toMatchObject({
      decision: 'closed',
      reason: 'market closed for the day (closed 13:00 ET, early close)',
    });
    expect(gate(clock('2026-11-27T12:59:00-05:00'), early, 300).decision).toBe('open');
    // With the default window the early close changes nothing at the open.
    expect(gate(clock('2026-11-27T10:00:00-05:00'), early).decision).toBe('open');
  });

  it('is not a trading day when the calendar has no entry for the broker date', () => {
    expect(gate(clock('2026-11-26T10:00:00-05:00', false), null)).toMatchObject({
      decision: 'not-a-trading-day',
      tradingDay: '2026-11-26',
      reason: '2026-11-26 is not a trading day (weekend or market holiday)',
    });
    // An entry for another day (a stale cache) is not today's session either.
    expect(gate(clock('2026-11-26T10:00:00-05:00'), day('2026-11-25')).decision).toBe(
      'not-a-trading-day',
    );
  });

  it('believes the broker when it says closed during session hours', () => {
    expect(gate(clock('2026-11-23T10:00:00-05:00', false), day('2026-11-23')).decision).toBe(
      'closed',
    );
  });

  it('is unknown, never open, when the broker data makes no sense', () => {
    const monday = day('2026-11-23');
    expect(gate(clock('not a time'), monday)).toMatchObject({
      decision: 'unknown',
      tradingDay: null,
    });
    expect(
      gate({ ...clock('2026-11-23T10:00:00-05:00'), is_open: 'yes' as never }, monday).decision,
    ).toBe('unknown');
    for (const bad of [
      { ...monday, open: '9:30' },
      { ...monday, close: '' },
      { ...monday, open: '16:00', close: '09:30' },
      { ...monday, close: '25:00' },
    ]) {
      expect(gate(clock('2026-11-23T10:00:00-05:00'), bad)).toMatchObject({
        decision: 'unknown',
        tradingDay: '2026-11-23',
      });
    }
    expect(gate(clock('2026-11-23T10:00:00-05:00'), monday, 0).decision).toBe('unknown');
    expect(gate(clock('2026-11-23T10:00:00-05:00'), monday, Number.NaN).decision).toBe('unknown');
  });

  it('takes the trading day in New York, not UTC (late evening ET is already tomorrow in UTC)', () => {
    expect(tradingDayOf('2026-11-23T23:30:00-05:00')).toBe('2026-11-23');
    expect(tradingDayOf('2026-11-24T04:30:00Z')).toBe('2026-11-23');
    expect(tradingDayOf('garbage')).toBeNull();
    expect(gate(clock('2026-11-24T04:30:00Z', false), day('2026-11-23'))).toMatchObject({
      decision: 'closed',
      tradingDay: '2026-11-23',
    });
  });

  it('reads a calendar date as a New York date, never as UTC midnight', () => {
    // The classic bug: new Date('2026-03-09') is UTC midnight, which is still the 8th in New York.
    expect(
      new Date('2026-03-09').toLocaleDateString('en-CA', { timeZone: 'America/New_York' }),
    ).toBe('2026-03-08');
    // Our conversion keeps the date and applies the right offset on both sides of the DST switch.
    expect(newYorkTime('2026-03-09', '09:30').toISO()).toBe('2026-03-09T09:30:00.000-04:00');
    expect(newYorkTime('2026-03-06', '09:30').toISO()).toBe('2026-03-06T09:30:00.000-05:00');
    // And the gate finds the 9th's session at 09:45 EDT on the 9th (13:45 UTC), not the 8th's.
    expect(gate(clock('2026-03-09T13:45:00Z'), day('2026-03-09'))).toMatchObject({
      decision: 'open',
      tradingDay: '2026-03-09',
      session: { open: '2026-03-09T09:30:00.000-04:00' },
    });
  });

  it('uses the offset the broker sent, whatever zone the host runs in', () => {
    // The same instant written three ways decides the same.
    for (const ts of [
      '2026-07-14T13:45:00Z',
      '2026-07-14T09:45:00-04:00',
      '2026-07-14T22:45:00+09:00',
    ]) {
      expect(gate(clock(ts), day('2026-07-14'))).toMatchObject({
        decision: 'open',
        tradingDay: '2026-07-14',
      });
    }
  });
});
