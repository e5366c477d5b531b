import fc from 'fast-check';
import { DataSource } from 'typeorm';
import {
  PortfolioSnapshotRepository,
  type NewSnapshot,
} from '../../src/portfolio/portfolio-snapshot.repository';
import { createMigratedDatabase } from '../support/database';

const DAYS = ['2026-11-20', '2026-11-23', '2026-11-24'];

const snapshot = (
  day: string,
  equity: number,
  closed: boolean,
  run: number | null,
): NewSnapshot => ({
  tradingDay: day,
  equity: equity.toFixed(2),
  cash: '0.00',
  longMarketValue: null,
  lastEquity: null,
  positions: [],
  runId: run === null ? null : `00000000-0000-4000-8000-${String(run).padStart(12, '0')}`,
  runStatus: run === null ? null : 'succeeded',
  closed,
  takenAt: '2026-11-23T21:00:00Z',
});

const write = fc.record({
  day: fc.constantFrom(...DAYS),
  equity: fc.integer({ min: 1, max: 1_000_000 }),
  closed: fc.boolean(),
  run: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
});

/**
 * The snapshot table's promise, on real PostgreSQL, for any interleaving of run snapshots and
 * close snapshots from any number of writers: one row per day; a day with a close write is closed
 * and holds the figures of one of its close writes; nothing written after the close changes it;
 * a run id, once recorded, is never dropped by a write without one (until the day closes).
 */
describe('portfolio_snapshot: one row per day, the close is final (randomized)', () => {
  let dataSource: DataSource;
  let repository: PortfolioSnapshotRepository;

  beforeAll(async () => {
    const url = await createMigratedDatabase('snapshots');
    dataSource = await new DataSource({ type: 'postgres', url, extra: { max: 12 } }).initialize();
    repository = new PortfolioSnapshotRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it('concurrent batches of writes, then the same days written again sequentially', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(write, { minLength: 1, maxLength: 24 }),
        fc.array(write, { maxLength: 8 }),
        async (concurrent, later) => {
          await dataSource.query('TRUNCATE portfolio_snapshot');
          await Promise.all(
            concurrent.map((w) => repository.upsert(snapshot(w.day, w.equity, w.closed, w.run))),
          );
          const first = await repository.since(null);
          const days = [...new Set(concurrent.map((w) => w.day))].sort();
          expect(first.map((r) => r.tradingDay)).toEqual(days);
          for (const row of first) {
            const writes = concurrent.filter((w) => w.day === row.tradingDay);
            const closes = writes.filter((w) => w.closed);
            expect(row.closed).toBe(closes.length > 0);
            const candidates = (closes.length ? closes : writes).map((w) => w.equity.toFixed(2));
            expect(candidates).toContain(row.equity);
            // Without a close, a recorded run is never dropped by a write that has none.
            if (!closes.length && writes.some((w) => w.run !== null))
              expect(row.runId).not.toBeNull();
          }

          for (const w of later)
            await repository.upsert(snapshot(w.day, w.equity, w.closed, w.run));
          const after = await repository.since(null);
          for (const row of after) {
            const before = first.find((r) => r.tradingDay === row.tradingDay);
            if (before?.closed) {
              expect(row.equity).toBe(before.equity);
              expect(row.runId).toBe(before.runId);
              expect(row.closed).toBe(true);
            }
          }
          expect(new Set(after.map((r) => r.tradingDay)).size).toBe(after.length);
        },
      ),
      { seed: 14_14, numRuns: 60 },
    );
  });

  it('regression shape: a close then a later run snapshot of the same day leaves the close', async () => {
    await dataSource.query('TRUNCATE portfolio_snapshot');
    expect(await repository.upsert(snapshot('2026-11-23', 100, true, null))).toBe(true);
    expect(await repository.upsert(snapshot('2026-11-23', 5, false, 3))).toBe(false);
    expect(await repository.isClosed('2026-11-23')).toBe(true);
    expect((await repository.since('2026-11-23'))[0]).toMatchObject({
      equity: '100.00',
      runId: null,
    });
  });
});
