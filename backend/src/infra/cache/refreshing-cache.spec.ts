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
});
