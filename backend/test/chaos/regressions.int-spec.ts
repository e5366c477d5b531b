/**
 * Counterexamples the chaos suite found, each kept as a plain case (shrunk, then made
 * deterministic where the shrunk one depended on timing). Each names the invariant it breaks and
 * the finding of issue 11 it matches; each failed before that finding's fix landed. The world (sandbox, database, app) is the chaos suite's: see world.ts for the
 * engine's settings (ALPACA_TIMEOUT_MS=250, ORDER_SUBMIT_CONCURRENCY=5, daily cap $25,000).
 */
import { ChaosWorld, type ChaosCase } from './world';

const calm: ChaosCase = {
  cash: 0,
  targets: [{ symbol: 'C00', weight: 0.3 }],
  positions: [],
  faults: [],
  dbFaults: [],
  flipAfterPosts: null,
  crashAfterPosts: null,
  resume: false,
  readers: 0,
};

/** Eight small positions outside the targets: eight full-exit sells, drained by five workers. */
const eightSells = ['C18', 'C19', 'C20', 'C21', 'C22', 'C24', 'C25', 'C26'].map((symbol) => ({
  symbol,
  qty: '0.500',
}));

describe('chaos regressions', () => {
  const world = new ChaosWorld();
  beforeAll(() => world.start(), 120_000);
  afterAll(() => world.stop());

  it('harness: the calm counterpart of every case below keeps every invariant', async () => {
    for (const c of [
      { ...calm, positions: eightSells },
      { ...calm, cash: 1000 },
      { ...calm, cash: 30_000, targets: [{ symbol: 'C02', weight: 0.05 }], readers: 3 },
    ]) {
      const report = await world.runCase(c);
      expect(report.violations).toEqual([]);
      expect(report.outcomes).toEqual(['app: succeeded']);
      expect(report.orders).toBeGreaterThan(0);
    }
  });

  // Finding 1, invariant (b). Seed 12 (case #38): eight buys, the first three POSTs answered 429,
  // the kill switch flipped once two POSTs had reached the broker: after the 429 pause, POSTs left
  // 2 to 4 s after the flip and were accepted. The check at dispatch travels through
  // AsyncLocalStorage, and a request the limiter releases after the pause runs in whichever
  // request's context drained it; with three dashboard readers of the clock in the queue (as in
  // the issue), 3 runs in 4 showed it, so the case is played up to five times (a day each).
  it('finding 1: no POST leaves after the kill switch flip, even after a 429', async () => {
    const leaks: string[] = [];
    for (let round = 0; round < 5 && leaks.length === 0; round++) {
      const report = await world.runCase({
        ...calm,
        cash: 30_000,
        targets: ['C02', 'C05', 'C06', 'C09', 'C10', 'C12', 'C14', 'C16'].map((symbol) => ({
          symbol,
          weight: 0.05,
        })),
        faults: [{ route: 'POST /v2/orders', kind: 'rate-limit', times: 3, resetInSeconds: 1 }],
        flipAfterPosts: 2,
        readers: 3,
      });
      expect(report.flipped).toBe(true);
      leaks.push(...report.violations.filter((v) => v.invariant === 'b').map((v) => v.message));
    }
    expect(leaks).toEqual([]);
  }, 60_000);

  // Finding 2, invariant (e). Seed 1 shrank to: cash 0, target C00 30 %, two tiny positions to
  // sell, the first `markSubmitting` write failing. One worker's database error rejects the
  // executor's Promise.all: the run is recorded failed while the other workers go on sending.
  it('finding 2: a database error in one worker does not leave the others sending after the run is recorded failed', async () => {
    const report = await world.runCase({
      ...calm,
      positions: eightSells,
      dbFaults: [{ kind: 'order_intent:submitting', skip: 0, times: 1 }],
    });
    expect(report.outcomes[0]).toMatch(/^app: failed \(chaos: injected write failure/);
    expect(report.violations.filter((v) => v.invariant === 'e')).toEqual([]);
  });

  // Finding 3, invariant (c). Seed 7 (case #52) found it among 5 faults; reduced by hand to one
  // order whose POST the broker takes 600 ms to process, twice, with the client's timeout at
  // 250 ms: both lookups by client_order_id answer 404 while the first POST is still being
  // processed, the intent becomes `unknown`, the reconciler marks it `rejected` ("not found at the
  // broker"), and then the first POST is accepted and fills: bought, untracked, outside the cap.
  it('finding 3: an order the broker is still processing is never finalised as rejected', async () => {
    const report = await world.runCase({
      ...calm,
      cash: 1000,
      faults: [{ route: 'POST /v2/orders', kind: 'delay', delayMs: 600, times: 2 }],
    });
    expect(report.observation.brokerOrders.map((o) => o.status)).toEqual(['filled']);
    expect(report.violations.filter((v) => v.invariant === 'c')).toEqual([]);
  });

  // Finding 3 again (absence is not proof), through the kill switch, invariant (c): seed 7 case
  // #52 also showed filled broker orders recorded `planned` (never sent). The first POST times out
  // while the broker is still processing it, the lookup answers 404, the resend is refused at
  // dispatch because the kill switch is now off, and the intent goes back to `planned`; then the
  // first POST is accepted and fills.
  it('finding 3 (kill switch): an order in flight at the broker is not recorded as never sent', async () => {
    const report = await world.runCase({
      ...calm,
      cash: 1000,
      faults: [{ route: 'POST /v2/orders', kind: 'delay', delayMs: 600, times: 1 }],
      flipAfterPosts: 1,
    });
    expect(report.observation.brokerOrders.map((o) => o.status)).toEqual(['filled']);
    expect(report.violations.filter((v) => v.invariant === 'c')).toEqual([]);
  });
});
