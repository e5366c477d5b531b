/**
 * The randomized, model-based test of the run engine: seeded fast-check cases against the sandbox
 * over HTTP and real PostgreSQL, every invariant checked on every case (see invariants.ts).
 *
 *   npm test                                  200 cases (CHAOS_RUNS), a new seed each run
 *   npm run test:chaos -- --runs 5000         a soak
 *   npm run test:chaos -- --seed S [--path P] replay a failure (seed and path are printed)
 *   npm run test:chaos -- --runs 500 --survey play every case (no stop, no shrinking) and list
 *                                             each distinct violation once, with its case
 */
import fc from 'fast-check';
import { chaosCase } from './arbitraries';
import { ChaosWorld, type CaseReport, type ChaosCase } from './world';
import { errorText } from '../../src/infra/error-text';

const env = (name: string) => {
  // The suite's knobs come from the environment test:chaos sets (jest forwards no arguments).
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
};
const RUNS = Number(env('CHAOS_RUNS') ?? 200);
const SEED = Number(env('CHAOS_SEED') ?? (Date.now() ^ (process.pid << 8)) >>> 1);
const PATH = env('CHAOS_PATH');
const CRASH_PERCENT = Number(env('CHAOS_CRASH_PERCENT') ?? 6);
/** Set by test:chaos: the suite's verdict is the exit code (no expected-failure marking). */
const SOAK = env('CHAOS_SOAK') === '1';
const SURVEY = env('CHAOS_SURVEY') === '1';
/** How long shrinking may take (the best counterexample so far is kept); 0: no shrinking. */
const SHRINK_LIMIT_MS = Number(env('CHAOS_SHRINK_LIMIT_MS') ?? (SOAK ? 600_000 : 45_000));

class InvariantViolated extends Error {
  constructor(readonly report: CaseReport) {
    super(
      `${report.violations.length} invariant violation(s) on ${report.tradingDay}:\n` +
        report.violations.map((v) => `  (${v.invariant}) ${v.message}`).join('\n') +
        `\n  outcomes: ${report.outcomes.join(' → ')}`,
    );
  }
}

describe('run engine under faults, races and crashes (randomized)', () => {
  const world = new ChaosWorld();
  beforeAll(() => world.start(), 120_000);
  afterAll(() => world.stop());

  it('harness sanity: calm cases (no faults, flips or crashes) keep every invariant', async () => {
    // Without this the suite below could "find bugs" that are only the harness's own.
    const calm = fc.sample(chaosCase({ crashPercent: 0 }), { seed: 42, numRuns: 6 });
    for (const c of calm) {
      const report = await world.runCase({
        ...c,
        faults: [],
        dbFaults: [],
        flipAfterPosts: null,
        crashAfterPosts: null,
        readers: 0,
      });
      expect(report.violations).toEqual([]);
      expect(report.outcomes[0]).toMatch(/^app: (succeeded|failed)/);
    }
  }, 120_000);

  it(
    `keeps every invariant over ${RUNS} random cases (seed ${SEED})`,
    async () => {
      const started = Date.now();
      let cases = 0;
      const tally = { crashed: 0, flipped: 0, orders: 0, posts: 0 };
      const property = fc.asyncProperty(chaosCase({ crashPercent: CRASH_PERCENT }), async (c) => {
        const report = await world.runCase(c);
        cases++;
        tally.crashed += Number(report.crashed);
        tally.flipped += Number(report.flipped);
        tally.orders += report.orders;
        tally.posts += report.posts;
        if (report.violations.length > 0) throw new InvariantViolated(report);
      });
      if (SURVEY) return survey(world, SEED, RUNS);
      // Two stages, so that a passing run is never cut short by the shrinking budget: the cases
      // without shrinking, then, on a failure, shrinking resumed from it (seed and path) for at
      // most SHRINK_LIMIT_MS.
      let details = await fc.check(property, {
        seed: SEED,
        numRuns: RUNS,
        endOnFailure: true,
        ...(PATH ? { path: PATH } : {}),
      });
      const runsToFailure = details.numRuns;
      if (details.failed && SHRINK_LIMIT_MS > 0) {
        const firstFailure = details;
        details = await fc.check(property, {
          seed: details.seed,
          path: details.counterexamplePath!,
          skipAllAfterTimeLimit: SHRINK_LIMIT_MS,
        });
        // A timing-dependent failure may not replay: keep the one seen.
        if (!details.failed) details = firstFailure;
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `chaos: ${cases} case(s) played in ${seconds} s (seed ${SEED}): ${tally.crashed} crash(es), ` +
          `${tally.flipped} flip(s), ${tally.posts} POST(s), ${tally.orders} order(s) at the broker`,
      );
      if (details.failed) {
        const error = details.errorInstance;
        console.log(
          [
            `chaos: FAILED at case ${runsToFailure} of ${RUNS}, shrunk ${details.numShrinks} time(s)`,
            `replay: npm run test:chaos -- --seed ${details.seed} --path "${details.counterexamplePath}"`,
            `counterexample: ${JSON.stringify(details.counterexample?.[0] as ChaosCase, null, 1)}`,
            errorText(error),
          ].join('\n'),
        );
        if (!(error instanceof InvariantViolated))
          // The harness broke (or fast-check gave up), not an invariant: still a failure.
          throw new Error(`chaos: HARNESS ERROR, not an invariant violation: ${String(error)}`);
        throw error;
      }
      expect(details.numRuns).toBe(RUNS);
    },
    // Generous: a soak sets its own budget through CHAOS_RUNS; jest's is per test.
    Math.max(600_000, RUNS * 10_000),
  );
});

/** Plays `runs` cases without stopping or shrinking; prints each distinct violation once. */
async function survey(world: ChaosWorld, seed: number, runs: number): Promise<void> {
  const cases = fc.sample(chaosCase({ crashPercent: CRASH_PERCENT }), { seed, numRuns: runs });
  const seen = new Map<
    string,
    { count: number; index: number; c: ChaosCase; report: CaseReport }
  >();
  const started = Date.now();
  for (const [index, c] of cases.entries()) {
    const report = await world.runCase(c);
    for (const v of report.violations) {
      // One entry per invariant and message shape (ids, symbols and numbers blanked out).
      const key = `(${v.invariant}) ${v.message.replace(/[0-9a-f-]{36}|ob-[\w.-]+|C\d\d|[\d.]+/g, '#')}`;
      const entry = seen.get(key);
      if (entry) entry.count++;
      else seen.set(key, { count: 1, index, c, report });
    }
  }
  console.log(
    `chaos survey: ${runs} case(s) in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${seed}), ` +
      `${seen.size} distinct violation(s)\n` +
      [...seen.entries()]
        .map(
          ([key, e]) =>
            `${e.count}× ${key}\n  first: case #${e.index}: ${e.report.violations.map((v) => v.message).join(' | ')}\n` +
            `  outcomes: ${e.report.outcomes.join(' → ')}\n  case: ${JSON.stringify(e.c)}`,
        )
        .join('\n'),
  );
  expect([...seen.keys()]).toEqual([]);
}
