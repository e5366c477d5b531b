/**
 * Two real processes racing for the same trading day: `openbell run` (the CLI, a child process)
 * and a worker's attempt in the test's app, started as the child's gate asks the broker. The ledger
 * admits one run per day: one process claims it and sends, the other skips, and the invariants of
 * the chaos suite hold.
 */
import fc from 'fast-check';
import { chaosCase } from './arbitraries';
import { ChaosWorld } from './world';

describe('a CLI run and a worker racing for the same day', () => {
  const world = new ChaosWorld();
  beforeAll(() => world.start(), 120_000);
  afterAll(() => world.stop());

  it('one claims the day and sends; the other skips; nothing is sent twice', async () => {
    const seed = 20261202;
    const cases = fc.sample(
      fc.tuple(
        chaosCase({ crashPercent: 0 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 30 }),
      ),
      { seed, numRuns: 8 },
    );
    // Every broker answer takes 15 ms, so the two runs overlap for as long as either one lives.
    world.sandbox.control.setLatency(15);
    try {
      const winners: string[] = [];
      for (const [drawn, afterRequests, delayMs] of cases) {
        const c = {
          ...drawn,
          faults: [],
          dbFaults: [],
          flipAfterPosts: null,
          crashAfterPosts: null,
          readers: 0,
        };
        const report = await world.raceCase(c, { afterRequests, delayMs });
        winners.push(report.winner);
        const context = `seed ${seed}, app after request ${afterRequests} + ${delayMs} ms, outcomes ${report.outcomes.join(' / ')}`;
        expect({ context, violations: report.violations }).toEqual({ context, violations: [] });

        const claimed = report.observation.runs;
        expect({ context, claimed: claimed.length }).toEqual({ context, claimed: 1 });
        // The loser skipped (in progress or already done), whichever process it was.
        expect(report.outcomes.filter((o) => /: skipped|exit 2 /.test(o))).toHaveLength(1);
        // Every order of the day belongs to the one run that claimed it.
        expect(report.observation.intents.filter((i) => i.runId !== claimed[0].id)).toEqual([]);
      }
      console.log(`race winners: ${winners.join(', ')}`);
    } finally {
      world.sandbox.control.setLatency(0);
    }
  }, 300_000);
});
