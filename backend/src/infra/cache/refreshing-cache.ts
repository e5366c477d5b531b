export interface RefreshingCacheOptions {
  /** Younger than this, the value is served as is. */
  freshMs: number;
  /** Up to this old, the value is served while one refresh runs in the background (Infinity: always). */
  staleMs: number;
  /** After a failed computation, none is started again before this (default 0). */
  retryMs?: number;
  now?: () => number;
}

interface Entry<T, K> {
  key: K;
  at: number;
  value: Promise<T>;
  /** The value once it resolved: what peek() answers. */
  settled?: { value: T };
}

/**
 * The one expiring cache of the service: a value computed on demand for a key (a trading day, a
 * period; none for most) and shared by concurrent callers, with stale-while-revalidate:
 *
 * - younger than `freshMs`: served as is;
 * - up to `staleMs` old: served while one refresh runs in the background (no caller waits);
 * - older, never computed, for another key, or invalidated: computed and awaited (a failure
 *   reaches the caller rather than old figures hiding it).
 *
 * A failed computation is dropped, and, with `retryMs`, not tried again before that much time
 * (callers get the failure, or the last good value while it is within `staleMs`). invalidate()
 * drops the value, and a refresh that started before it cannot put its answer back. put() stores
 * a fresher value read elsewhere.
 */
export class RefreshingCache<T, K = void> {
  private cached: Entry<T, K> | null = null;
  private refreshing = false;
  private generation = 0;
  private failedAt = -Infinity;
  private failure: { key: K; value: Promise<T> } | null = null;

  constructor(
    private readonly compute: (key: K) => Promise<T>,
    private readonly options: RefreshingCacheOptions,
  ) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  private retryDue(): boolean {
    return this.now() - this.failedAt >= (this.options.retryMs ?? 0);
  }

  get(key: K): Promise<T> {
    const cached = this.cached && this.cached.key === key ? this.cached : null;
    const age = cached ? this.now() - cached.at : Infinity;
    if (!cached || age > this.options.staleMs) {
      if (this.failure && this.failure.key === key && !this.retryDue()) return this.failure.value;
      return this.start(key).value;
    }
    if (age > this.options.freshMs && !this.refreshing && this.retryDue()) {
      this.refreshing = true;
      const generation = this.generation;
      const value = this.compute(key);
      value
        .then((result) => {
          if (this.generation === generation)
            this.cached = { key, at: this.now(), value, settled: { value: result } };
        })
        // A failed refresh keeps the last answer until it is staleMs old; then get() awaits.
        .catch(() => (this.failedAt = this.now()))
        .finally(() => (this.refreshing = false));
    }
    return cached.value;
  }

  /** The value for `key` if one has resolved and is within `staleMs`; never computes. */
  peek(key: K): T | undefined {
    const cached = this.cached;
    if (!cached || cached.key !== key || !cached.settled) return undefined;
    return this.now() - cached.at > this.options.staleMs ? undefined : cached.settled.value;
  }

  /** A fresher value for `key`, read elsewhere (it replaces whatever is cached). */
  put(key: K, value: T): void {
    this.generation++;
    this.cached = { key, at: this.now(), value: Promise.resolve(value), settled: { value } };
  }

  invalidate(): void {
    this.cached = null;
    this.failure = null;
    this.generation++;
  }

  private start(key: K): Entry<T, K> {
    const generation = ++this.generation;
    const entry: Entry<T, K> = { key, at: this.now(), value: this.compute(key) };
    this.cached = entry;
    entry.value.then(
      (value) => {
        entry.settled = { value };
        if (this.failure?.key === key) this.failure = null;
      },
      () => {
        this.failedAt = this.now();
        if (this.cached === entry) this.cached = null;
        if (this.generation === generation) this.failure = { key, value: entry.value };
      },
    );
    return entry;
  }
}
