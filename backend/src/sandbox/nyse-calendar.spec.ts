import {
  clockAt,
  NYSE_EARLY_CLOSES,
  NYSE_HOLIDAYS,
  ruleEarlyCloses,
  ruleHolidays,
  sessionOn,
  sessionsBetween,
} from './nyse-calendar';

const utc = (s: { openAt: { toUTC(): { toISO(): string | null } } }) => s.openAt.toUTC().toISO();

describe('NYSE calendar', () => {
  it('the standing rules reproduce the published 2025–2027 lists (one-off closures aside)', () => {
    const published = (list: Record<string, string>, year: number) =>
      Object.keys(list).filter((d) => d.startsWith(`${year}-`));
    for (const year of [2025, 2026, 2027]) {
      const oneOff = year === 2025 ? ['2025-01-09'] : []; // National Day of Mourning (President Carter)
      expect(Object.keys(ruleHolidays(year)).sort()).toEqual(
        published(NYSE_HOLIDAYS, year).filter((d) => !oneOff.includes(d)),
      );
      expect(Object.keys(ruleEarlyCloses(year)).sort()).toEqual(published(NYSE_EARLY_CLOSES, year));
    }
  });

  it('counts the trading days NYSE publishes: 250 in 2025, 251 in 2026 and 2027', () => {
    expect(sessionsBetween('2025-01-01', '2025-12-31')).toHaveLength(250);
    expect(sessionsBetween('2026-01-01', '2026-12-31')).toHaveLength(251);
    expect(sessionsBetween('2027-01-01', '2027-12-31')).toHaveLength(251);
  });

  it('knows Thanksgiving 2026 (closed) and the early close the day after', () => {
    expect(sessionOn('2026-11-26')).toBeNull();
    expect(sessionOn('2026-11-27')).toMatchObject({ open: '09:30', close: '13:00' });
    expect(sessionOn('2026-11-27')!.closeAt.toISO()).toBe('2026-11-27T13:00:00.000-05:00');
    expect(sessionOn('2026-07-03')).toBeNull(); // Independence Day observed (the 4th is a Saturday)
    expect(sessionOn('2026-07-02')).toMatchObject({ close: '16:00' });
    expect(sessionOn('2027-12-24')).toBeNull(); // Christmas observed
    expect(sessionOn('2027-12-31')).toMatchObject({ close: '16:00' }); // 2028-01-01 is a Saturday: not observed
  });

  it('opens at 09:30 New York on both sides of the DST switches (14:30 / 13:30 UTC)', () => {
    expect(utc(sessionOn('2026-03-06')!)).toBe('2026-03-06T14:30:00.000Z');
    expect(utc(sessionOn('2026-03-09')!)).toBe('2026-03-09T13:30:00.000Z');
    expect(utc(sessionOn('2026-10-30')!)).toBe('2026-10-30T13:30:00.000Z');
    expect(utc(sessionOn('2026-11-02')!)).toBe('2026-11-02T14:30:00.000Z');
  });

  it('answers like Alpaca’s clock: open flag, next open and next close across holidays', () => {
    expect(clockAt(new Date('2026-11-25T21:30:00Z'))).toMatchObject({
      is_open: false,
      next_open: '2026-11-27T09:30:00-05:00',
      next_close: '2026-11-27T13:00:00-05:00',
    });
    expect(clockAt(new Date('2026-11-27T15:00:00Z'))).toMatchObject({
      is_open: true,
      timestamp: '2026-11-27T10:00:00.000-05:00',
      next_close: '2026-11-27T13:00:00-05:00',
      next_open: '2026-11-30T09:30:00-05:00',
    });
    expect(clockAt(new Date('2026-11-27T18:00:00Z')).is_open).toBe(false); // 13:00 early close
    expect(clockAt(new Date('2027-12-31T22:00:00Z'))).toMatchObject({
      is_open: false,
      next_open: '2028-01-03T09:30:00-05:00',
    });
  });

  it('follows the standing rules after 2027', () => {
    expect(sessionOn('2028-01-17')).toBeNull(); // Martin Luther King Jr. Day
    expect(sessionOn('2028-04-14')).toBeNull(); // Good Friday (Easter 2028-04-16)
    expect(sessionOn('2028-06-19')).toBeNull(); // Juneteenth
    expect(sessionOn('2028-07-03')).toMatchObject({ close: '13:00' });
    expect(sessionOn('2028-11-23')).toBeNull(); // Thanksgiving
    expect(sessionOn('2028-11-24')).toMatchObject({ close: '13:00' });
    expect(sessionOn('2028-12-25')).toBeNull();
  });
});
