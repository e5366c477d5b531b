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
    const first = cache.get();
    c.pending[0].resolve(1);
    await first;
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
    const first = cache.get();
    c.pending[0].resolve(1);
    await first;
    now = 6000;
    const fresh = cache.get();
    c.pending[1].resolve(7);
    await expect(fresh).resolves.toBe(7);
  });

  it('keeps the last answer after a failed refresh, and reports the failure once it is too old', async () => {
    const c = controlledCompute();
    const cache = make(c.compute);
    const first = cache.get();
    c.pending[0].resolve(1);
    await first;
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
    const first = cache.get();
    c.pending[0].resolve(1);
    await first;
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
});
