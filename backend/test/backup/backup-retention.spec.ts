import fc from 'fast-check';
import {
  dumpKey,
  dumpTakenAt,
  isValidPrefix,
  planPrune,
  type RetentionPolicy,
} from '../../src/backup/backup-retention';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-12-02T05:07:00Z');

/**
 * The retention of the bucket's dumps (scripts/backup-to-bucket.mjs prunes with planPrune after
 * every verified upload). What must hold whatever the bucket holds: only dumps by name are ever
 * deleted, the newest `keepLast` and every dump younger than `retentionDays` stay, and nothing else
 * stays. Randomized over bucket contents, clocks and policies (seeded: a failure prints its seed).
 */
describe('backup retention (planPrune)', () => {
  const prefixArb = fc.constantFrom('', 'openbell/', 'openbell/production/');
  const dateArb = fc
    .integer({ min: NOW.getTime() - 400 * DAY, max: NOW.getTime() + 2 * DAY })
    .map((ms) => new Date(Math.floor(ms / 1000) * 1000));
  const policyArb = fc.record({
    retentionDays: fc.integer({ min: 1, max: 60 }),
    keepLast: fc.integer({ min: 1, max: 60 }),
  });
  const foreignArb = fc.constantFrom(
    'notes.txt',
    'openbell-manual-before-migration.dump',
    'openbell-20261301T000000Z.dump', // month 13
    'openbell-20260230T000000Z.dump', // 30 February
    'openbell-20261202T050700Z.dump.partial',
    'other/openbell-20200101T000000Z.dump',
  );

  it('deletes only old dumps outside the newest keepLast, and keeps every other key', () => {
    fc.assert(
      fc.property(
        prefixArb,
        fc.array(dateArb, { maxLength: 80 }),
        fc.array(foreignArb, { maxLength: 6 }),
        policyArb,
        (prefix, dates, foreign, policy: RetentionPolicy) => {
          const dumps = [...new Set(dates.map((d) => dumpKey(prefix, d)))];
          const others = foreign.map((name) => `${prefix}${name}`);
          const plan = planPrune(prefix, [...dumps, ...others], NOW, policy);
          const cutoff = NOW.getTime() - policy.retentionDays * DAY;
          const age = (key: string) => dumpTakenAt(prefix, key)!.getTime();
          const newestFirst = [...dumps].sort((a, b) => age(b) - age(a));

          // A partition of the dumps; everything else is ignored, never deleted.
          expect([...plan.keep, ...plan.remove].sort()).toEqual([...dumps].sort());
          expect(plan.ignored.sort()).toEqual([...new Set(others)].sort());
          // The newest keepLast stay, whatever their age; so does every young dump.
          for (const key of newestFirst.slice(0, policy.keepLast)) expect(plan.keep).toContain(key);
          for (const key of dumps.filter((k) => age(k) >= cutoff)) expect(plan.keep).toContain(key);
          // Each deleted dump is old and not among the newest keepLast.
          for (const key of plan.remove) {
            expect(age(key)).toBeLessThan(cutoff);
            expect(newestFirst.indexOf(key)).toBeGreaterThanOrEqual(policy.keepLast);
          }
          // Orders: kept newest first, removed oldest first.
          expect(plan.keep.map(age)).toEqual([...plan.keep.map(age)].sort((a, b) => b - a));
          expect(plan.remove.map(age)).toEqual([...plan.remove.map(age)].sort((a, b) => a - b));
        },
      ),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it('names a dump by its UTC second, and reads the time back from the name', () => {
    fc.assert(
      fc.property(
        prefixArb,
        fc.date({ min: new Date(0), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (prefix, date) => {
          const at = new Date(Math.floor(date.getTime() / 1000) * 1000);
          const key = dumpKey(prefix, at);
          expect(key).toMatch(/openbell-\d{8}T\d{6}Z\.dump$/);
          expect(dumpTakenAt(prefix, key)?.toISOString()).toBe(at.toISOString());
          expect(dumpTakenAt(`${prefix}x/`, key)).toBeNull();
        },
      ),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it('example: 14 days, keep 4 — the dumps of 16 days ago stay as the 4th newest, 20 and 30 go', () => {
    const key = (daysAgo: number) => dumpKey('openbell/', new Date(NOW.getTime() - daysAgo * DAY));
    const plan = planPrune(
      'openbell/',
      [key(30), key(20), key(16), key(13), key(1), key(0), 'openbell/notes.txt'],
      NOW,
      { retentionDays: 14, keepLast: 4 },
    );
    expect(plan.keep).toEqual([key(0), key(1), key(13), key(16)]);
    expect(plan.remove).toEqual([key(30), key(20)]);
    expect(plan.ignored).toEqual(['openbell/notes.txt']);
  });

  it('never deletes when every dump is old but the newest keepLast cover them all', () => {
    const old = [40, 50, 60].map((d) => dumpKey('', new Date(NOW.getTime() - d * DAY)));
    expect(planPrune('', old, NOW, { retentionDays: 14, keepLast: 3 }).remove).toEqual([]);
  });

  it('refuses a policy that could delete the dump just uploaded', () => {
    expect(() => planPrune('', [], NOW, { retentionDays: 14, keepLast: 0 })).toThrow(/keepLast/);
    expect(() => planPrune('', [], NOW, { retentionDays: 0, keepLast: 1 })).toThrow(
      /retentionDays/,
    );
  });

  it('accepts a prefix only as a clean path ending in "/" (or none)', () => {
    for (const ok of ['', 'openbell/', 'a/b-c/d_e.f/']) expect(isValidPrefix(ok)).toBe(true);
    for (const bad of ['openbell', '/openbell/', 'a//b/', '../x/', 'a/./', 'a b/', 'é/'])
      expect([bad, isValidPrefix(bad)]).toEqual([bad, false]);
  });
});
