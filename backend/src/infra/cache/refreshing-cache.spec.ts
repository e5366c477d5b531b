import fc from 'fast-check';
import { RefreshingCache } from './refreshing-cache';

/** A compute whose answers the test releases one by one. */
function controlledCompute() {
  const pending: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  let calls = 0;
  const compute = () => {
    calls++;
    return new Promise<number>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { compute, pending, calls: () => calls };
}

const flush = () => new Promise((r) => setImmediate(r));

/** The cache's first answer: 1, computed and settled. */
async function prime(
  cache: { get(): Promise<number> },
  c: ReturnType<typeof controlledCompute>,
): Promise<void> {
  const first = cache.get();
  c.pending[0].resolve(1);
  await first;
}

describe('RefreshingCache', () => {
  let now = 0;
  const make = (compute: () => Promise<number>) =>
    new RefreshingCache(compute, { freshMs: 1000, staleMs: 5000, now: () => now });

  beforeEach(() => (now = 0));

  it('shares one computation between concurrent first callers', async () => {
    const c = controlledCompute();
    const cache = make(c.compute);
    const a = cache.get();
    const b = cache.get();
    c.pending[0].resolve(1);
    await expect(Promise.all([a, b])).resolves.toEqual([1, 1]);
    expect(c.calls()).toBe(1);
  });

  it('serves a fresh answer without computing', async () => {
    let n = 0;
    const cache = make(async () => ++n);
    await cache.get();
    now = 999;
    await expect(cache.get()).resolves.toBe(1);
    expect(n).toBe(1);
  });

  it('serves a stale answer at once while one background refresh runs, then the new one', async () => {
    const c = controlledCompute();
    const cache = make(c.compute);
    await prime(cache, c);
    now = 1500;
    // Stale: answered from the cache although the refresh has not finished.
    await expect(cache.get()).resolves.toBe(1);
    await expect(cache.get()).resolves.toBe(1);
    expect(c.calls()).toBe(2); // one refresh, not one per caller
    c.pending[1].resolve(2);
    await flush();
    await expect(cache.get()).resolves.toBe(2);
  });

  it('awaits a new computation once the answer is older than staleMs', async () => {
    const c = controlledCompute();
    const cache = make(c.compute);
    await prime(cache, c);
    now = 6000;
    const fresh = cache.get();
    c.pending[1].resolve(7);
    await expect(fresh).resolves.toBe(7);
  });

  it('keeps the last answer after a failed refresh, and reports the failure once it is too old', async () => {
    const c = controlledCompute();
    const cache = make(c.compute);
    await prime(cache, c);
    now = 2000;
    await expect(cache.get()).resolves.toBe(1);
    c.pending[1].reject(new Error('database down'));
    await flush();
    now = 3000;
    await expect(cache.get()).resolves.toBe(1); // still within staleMs; a new refresh starts
    c.pending[2].reject(new Error('database down'));
    await flush();
    now = 6000;
    const late = cache.get();
    c.pending[3].reject(new Error('database down'));
    await expect(late).rejects.toThrow('database down');
  });

  it('after invalidate(), computes anew, and an older refresh cannot put its answer back', async () => {
    const c = controlledCompute();
    const cache = make(c.compute);
    await prime(cache, c);
    now = 1500;
    await cache.get(); // starts a background refresh (pending[1])
    cache.invalidate();
    const afterChange = cache.get(); // pending[2]
    c.pending[2].resolve(3);
    await expect(afterChange).resolves.toBe(3);
    c.pending[1].resolve(2); // the refresh from before the change finishes last
    await flush();
    await expect(cache.get()).resolves.toBe(3);
  });

  describe('keys, peek, put and retryMs', () => {
    it('computes anew for another key, and a refresh for the old key cannot overwrite it', async () => {
      const calls: string[] = [];
      const pending = new Map<string, (v: number) => void>();
      const cache = new RefreshingCache(
        (day: string) => {
          calls.push(day);
          return new Promise<number>((resolve) => pending.set(`${day}#${calls.length}`, resolve));
        },
        { freshMs: 1000, staleMs: 5000, now: () => now },
      );
      const monday = cache.get('mon');
      pending.get('mon#1')!(1);
      await expect(monday).resolves.toBe(1);
      now = 1500;
      await expect(cache.get('mon')).resolves.toBe(1); // stale: refresh mon#2 in the background
      const tuesday = cache.get('tue'); // another key: computed and awaited
      pending.get('tue#3')!(2);
      await expect(tuesday).resolves.toBe(2);
      pending.get('mon#2')!(9); // the old key's refresh finishes last
      await flush();
      expect(cache.peek('tue')).toBe(2);
      expect(cache.peek('mon')).toBeUndefined();
      expect(calls).toEqual(['mon', 'mon', 'tue']);
    });

    it('peek never computes and answers only a settled value within staleMs', async () => {
      let n = 0;
      const cache = new RefreshingCache(async () => ++n, {
        freshMs: 1000,
        staleMs: 5000,
        now: () => now,
      });
      expect(cache.peek()).toBeUndefined();
      expect(n).toBe(0);
      await cache.get();
      expect(cache.peek()).toBe(1);
      now = 5001;
      expect(cache.peek()).toBeUndefined();
      expect(n).toBe(1);
    });

    it('put stores a value read elsewhere, and an earlier refresh cannot replace it', async () => {
      const c = controlledCompute();
      const cache = make(c.compute);
      await prime(cache, c);
      now = 1500;
      await cache.get(); // background refresh pending[1]
      cache.put(undefined, 5);
      c.pending[1].resolve(2);
      await flush();
      await expect(cache.get()).resolves.toBe(5);
      expect(cache.peek()).toBe(5);
    });

    it('with retryMs, a failure is answered again without computing until retryMs has passed', async () => {
      const c = controlledCompute();
      const cache = new RefreshingCache(c.compute, {
        freshMs: 1000,
        staleMs: 5000,
        retryMs: 3000,
        now: () => now,
      });
      const first = cache.get();
      c.pending[0].reject(new Error('broker down'));
      await expect(first).rejects.toThrow('broker down');
      now = 2999;
      await expect(cache.get()).rejects.toThrow('broker down');
      expect(c.calls()).toBe(1);
      now = 3000;
      const retry = cache.get();
      c.pending[1].resolve(4);
      await expect(retry).resolves.toBe(4);
      expect(c.calls()).toBe(2);
    });

    it('with retryMs, a failed background refresh is not retried before retryMs', async () => {
      const c = controlledCompute();
      const cache = new RefreshingCache(c.compute, {
        freshMs: 1000,
        staleMs: Infinity,
        retryMs: 3000,
        now: () => now,
      });
      await prime(cache, c);
      now = 1500;
      await expect(cache.get()).resolves.toBe(1); // refresh pending[1]
      c.pending[1].reject(new Error('broker down'));
      await flush();
      now = 2000;
      await expect(cache.get()).resolves.toBe(1);
      expect(c.calls()).toBe(2); // no new attempt within retryMs
      now = 4600;
      await expect(cache.get()).resolves.toBe(1);
      expect(c.calls()).toBe(3);
    });
  });

  /**
   * The invariants every caller relies on, over random interleavings of gets, settles, time,
   * invalidations and puts for two keys (the run's asset list is keyed by trading day, the
   * calendars by New York date):
   * - a get or peek for a key never answers a value computed or put for another key;
   * - after invalidate(), no get asked later answers a value computed or put before it.
   */
  it('never answers another key, nor anything from before an invalidate (seeded, randomized)', async () => {
    type Value = { key: string; epoch: number };
    const key = fc.constantFrom('a', 'b');
    const op = fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('get' as const), key }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('peek' as const), key }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('put' as const), key }) },
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('settle' as const),
          index: fc.nat(),
          ok: fc.boolean(),
        }),
      },
      {
        weight: 2,
        // Within fresh, stale-but-served, past stale, past the retry bound.
        arbitrary: fc.record({
          kind: fc.constant('advance' as const),
          ms: fc.constantFrom(0, 500, 1500, 2500, 6000),
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('invalidate' as const) }) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 40, size: 'max' }),
        fc.constantFrom(0, 2000),
        fc.constantFrom(5000, Infinity),
        async (ops, retryMs, staleMs) => {
          let clock = 0;
          let epoch = 0;
          const pending: { key: string; born: number; settle: (ok: boolean) => void }[] = [];
          const cache = new RefreshingCache(
            (key: string) =>
              new Promise<Value>((resolve, reject) => {
                const born = epoch;
                pending.push({
                  key,
                  born,
                  settle: (ok) => (ok ? resolve({ key, epoch: born }) : reject(new Error('down'))),
                });
              }),
            { freshMs: 1000, staleMs, retryMs, now: () => clock },
          );
          const asked: { key: string; epoch: number; answer: Promise<Value> }[] = [];
          for (const o of ops) {
            if (o.kind === 'get') asked.push({ key: o.key, epoch, answer: cache.get(o.key) });
            else if (o.kind === 'peek') {
              const seen = cache.peek(o.key);
              if (seen) expect(seen.key).toBe(o.key);
            } else if (o.kind === 'put') cache.put(o.key, { key: o.key, epoch });
            else if (o.kind === 'settle' && pending.length > 0)
              pending.splice(o.index % pending.length, 1)[0].settle(o.ok);
            else if (o.kind === 'advance') clock += o.ms;
            else if (o.kind === 'invalidate') {
              cache.invalidate();
              epoch++;
            }
            await flush();
          }
          for (const p of pending.splice(0)) p.settle(true);
          for (const { key, epoch: askedAt, answer } of asked) {
            const value = await answer.catch(() => null);
            if (!value) continue;
            expect(value.key).toBe(key);
            expect(value.epoch).toBeGreaterThanOrEqual(askedAt);
          }
        },
      ),
      { seed: 20261202, numRuns: 500 },
    );
  });
});
