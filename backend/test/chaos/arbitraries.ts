/**
 * What a chaos case draws (fast-check arbitraries): a plan shaped by targets, positions and cash
 * (1–30 orders, buys and sells, fractional and whole shares), a fault schedule for the broker and
 * the database, a kill-switch flip and a crash point. Everything shrinks towards "no fault".
 */
import fc from 'fast-check';
import type { Fault, FaultKind } from '../../src/sandbox/faults';
import { DB_FAULT_KINDS, UNIVERSE, type ChaosCase, type DbFault } from './world';

const POST_FAULTS: FaultKind[] = [
  'status-500',
  'status-503',
  'rate-limit',
  'timeout',
  'delay',
  'accept-then-fail',
  'accept-then-timeout',
  'slow-fill',
  'partial-fill',
  'broker-cancel',
  'expire',
];
const READ_ROUTES = [
  'GET /v2/orders:by_client_order_id',
  'GET /v2/orders',
  'GET /v2/orders/{order_id}',
  'GET /v2/account',
  'GET /v2/positions',
  'GET /v2/clock',
  'GET /v2/assets',
  '*',
];
const READ_FAULTS: FaultKind[] = ['status-500', 'status-503', 'rate-limit', 'timeout', 'delay'];

const postFault: fc.Arbitrary<Fault> = fc
  .record({
    kind: fc.constantFrom(...POST_FAULTS),
    skip: fc.nat({ max: 30 }),
    times: fc.integer({ min: 1, max: 4 }),
    delayMs: fc.integer({ min: 0, max: 700 }),
    fraction: fc.constantFrom(0.25, 0.5, 0.75),
    lasting: fc.boolean(),
  })
  .map(({ kind, skip, times, delayMs, fraction, lasting }) => {
    const fault: Fault = { route: 'POST /v2/orders', kind, skip, times };
    if (kind === 'delay' || kind === 'slow-fill' || kind === 'broker-cancel' || kind === 'expire')
      fault.delayMs = delayMs;
    if (kind === 'partial-fill') {
      fault.fraction = fraction;
      // Either the rest fills later, or the order stays partly filled (open) for the day.
      if (!lasting) fault.delayMs = delayMs;
    }
    if (kind === 'rate-limit') fault.resetInSeconds = 1;
    return fault;
  });

const readFault: fc.Arbitrary<Fault> = fc
  .record({
    route: fc.constantFrom(...READ_ROUTES),
    kind: fc.constantFrom(...READ_FAULTS),
    skip: fc.nat({ max: 20 }),
    times: fc.integer({ min: 1, max: 2 }),
    delayMs: fc.integer({ min: 0, max: 600 }),
  })
  .map(({ route, kind, skip, times, delayMs }) => {
    const fault: Fault = { route, kind, skip, times };
    if (kind === 'delay') fault.delayMs = delayMs;
    if (kind === 'rate-limit') fault.resetInSeconds = 1;
    return fault;
  });

const dbFault: fc.Arbitrary<DbFault> = fc.record({
  kind: fc.constantFrom(...DB_FAULT_KINDS),
  skip: fc.nat({ max: 12 }),
  times: fc.integer({ min: 1, max: 2 }),
});

/** A quantity for a position: whole shares for non-fractionable symbols. */
const qtyFor = (fractionable: boolean) =>
  fractionable
    ? fc.integer({ min: 1, max: 40_000 }).map((milli) => (milli / 1000).toFixed(3))
    : fc.integer({ min: 1, max: 60 }).map(String);

export interface ArbitraryOptions {
  /** Probability weight of a crash (a killed CLI child), out of 100. */
  crashPercent?: number;
}

export function chaosCase(options: ArbitraryOptions = {}): fc.Arbitrary<ChaosCase> {
  const crashPercent = options.crashPercent ?? 8;
  // Targets come from the first 18 symbols, positions from 18 symbols overlapping them by 4: so
  // a plan has buys (targets), sells (positions outside the targets) and rebalances (both).
  const targetPool = UNIVERSE.slice(0, 18);
  const positionPool = UNIVERSE.slice(14, 32);
  return fc
    .record({
      cash: fc.integer({ min: 0, max: 120_000 }),
      targets: fc.uniqueArray(
        fc.record({
          symbol: fc.constantFrom(...targetPool.map((a) => a.symbol)),
          share: fc.integer({ min: 1, max: 100 }),
        }),
        { minLength: 1, maxLength: 18, selector: (t) => t.symbol },
      ),
      invested: fc.integer({ min: 30, max: 100 }),
      positions: fc.uniqueArray(
        fc
          .constantFrom(...positionPool)
          .chain((asset) =>
            qtyFor(asset.fractionable !== false).map((qty) => ({ symbol: asset.symbol, qty })),
          ),
        { maxLength: 12, selector: (p) => p.symbol },
      ),
      faults: fc.array(fc.oneof({ weight: 3, arbitrary: postFault }, readFault), {
        maxLength: 5,
      }),
      dbFaults: fc.array(dbFault, { maxLength: 2 }),
      flipAfterPosts: fc.option(fc.nat({ max: 12 }), { freq: 2 }),
      crash: fc.integer({ min: 0, max: 99 }),
      crashAfterPosts: fc.integer({ min: 1, max: 12 }),
      resume: fc.boolean(),
      readers: fc.nat({ max: 3 }),
    })
    .map((drawn): ChaosCase => {
      const totalShares = drawn.targets.reduce((sum, t) => sum + t.share, 0);
      return {
        cash: drawn.cash,
        // Weights in millionths, floored, summing to at most `invested` percent.
        targets: drawn.targets.map((t) => ({
          symbol: t.symbol,
          weight: Math.max(1, Math.floor((t.share * drawn.invested * 10_000) / totalShares)) / 1e6,
        })),
        positions: drawn.positions,
        faults: drawn.faults,
        dbFaults: drawn.dbFaults,
        flipAfterPosts: drawn.flipAfterPosts,
        // `crash` shrinks towards 0, that is towards no crash.
        crashAfterPosts: drawn.crash >= 100 - crashPercent ? drawn.crashAfterPosts : null,
        resume: drawn.resume,
        readers: drawn.readers,
      };
    });
}
