import { formatCountdown, formatDuration, formatExchangeTime } from './time';

describe('time display', () => {
  it('shows market times in New York time, labelled ET, whatever the browser zone', () => {
    // 14:30 UTC in November is 09:30 in New York (EST); in July it is 10:30 (EDT).
    expect(formatExchangeTime('2026-11-30T14:30:00Z')).toBe('Mon, Nov 30, 09:30 ET');
    expect(formatExchangeTime('2026-07-06T14:30:00Z')).toBe('Mon, Jul 6, 10:30 ET');
    expect(formatExchangeTime(null)).toBe('—');
    expect(formatExchangeTime('not a date')).toBe('—');
  });

  it('counts down and up', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(formatCountdown('2026-11-30T14:30:00Z', now)).toBe('in 2 h 30 min');
    expect(formatCountdown('2026-11-30T12:01:05Z', now)).toBe('in 1 min 05 s');
    expect(formatCountdown('2026-11-30T12:00:09Z', now)).toBe('in 9 s');
    expect(formatCountdown('2026-12-02T13:00:00Z', now)).toBe('in 2 d 1 h');
    expect(formatCountdown('2026-11-30T11:57:00Z', now)).toBe('3 min 00 s ago');
    expect(formatCountdown(null, now)).toBe('—');
  });

  it('formats durations', () => {
    expect(formatDuration(652)).toBe('652 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(null)).toBe('—');
  });
});
