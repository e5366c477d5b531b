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

describe('decideGate', () => {
  it('opens at the session open and stays open through the window', () => {
    expect(decideGate(clock('2026-11-23T09:30:00-05:00'), day('2026-11-23'), 90)).toMatchObject({
      decision: 'open',
      tradingDay: '2026-11-23',
    });
    expect(decideGate(clock('2026-11-23T11:00:00-05:00'), day('2026-11-23'), 90).decision).toBe(
      'open',
    );
    expect(decideGate(clock('2026-11-23T11:00:01-05:00'), day('2026-11-23'), 90)).toMatchObject({
      decision: 'outside-window',
      reason: '90 minutes after the open (09:30 ET), beyond the 90-minute window',
    });
  });

  it('is closed before the open (the winter 13:30 UTC trigger) with the session attached', () => {
    expect(decideGate(clock('2026-11-23T13:30:00Z', false), day('2026-11-23'), 90)).toMatchObject({
      decision: 'closed',
      reason: 'market not open yet (opens 09:30 ET)',
      session: { open: '2026-11-23T09:30:00.000-05:00', close: '2026-11-23T16:00:00.000-05:00' },
    });
  });

  it('honours an early close even inside the window', () => {
    const early = day('2026-11-27', '13:00');
    expect(decideGate(clock('2026-11-27T13:00:00-05:00', false), early, 300)).toMatchObject({
      decision: 'closed',
      reason: 'market closed for the day (closed 13:00 ET, early close)',
    });
    expect(decideGate(clock('2026-11-27T12:59:00-05:00'), early, 300).decision).toBe('open');
  });

  it('is not a trading day when the calendar has no entry for the broker date', () => {
    expect(decideGate(clock('2026-11-26T10:00:00-05:00', false), null, 90)).toMatchObject({
      decision: 'not-a-trading-day',
      tradingDay: '2026-11-26',
    });
  });

  it('believes the broker when it says closed during session hours', () => {
    expect(
      decideGate(clock('2026-11-23T10:00:00-05:00', false), day('2026-11-23'), 90).decision,
    ).toBe('closed');
  });

  it('takes the trading day in New York, not UTC (late evening ET is already tomorrow in UTC)', () => {
    expect(tradingDayOf('2026-11-23T23:30:00-05:00')).toBe('2026-11-23');
    expect(tradingDayOf('2026-11-24T04:30:00Z')).toBe('2026-11-23');
    expect(decideGate(clock('2026-11-24T04:30:00Z', false), day('2026-11-23'), 90)).toMatchObject({
      decision: 'closed',
      tradingDay: '2026-11-23',
    });
  });

  it('reads a calendar date as a New York date, never as UTC midnight', () => {
    // Parsing '2026-03-09' as UTC midnight would land on the 8th in New York.
    expect(newYorkTime('2026-03-09', '09:30').toISO()).toBe('2026-03-09T09:30:00.000-04:00');
    expect(newYorkTime('2026-03-06', '09:30').toISO()).toBe('2026-03-06T09:30:00.000-05:00');
    expect(
      new Date('2026-03-09').toLocaleDateString('en-CA', { timeZone: 'America/New_York' }),
    ).toBe('2026-03-08');
  });
});
