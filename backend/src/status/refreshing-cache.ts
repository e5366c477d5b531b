/**
 * One value, computed on demand and shared by concurrent callers, with stale-while-revalidate:
 *
 * - younger than `freshMs`: served as is;
 * - up to `staleMs` old: served while one refresh runs in the background (no caller waits);
 * - older, never computed, or invalidated: computed and awaited (a failure reaches the caller
 *   rather than old figures hiding it).
 *
 * invalidate() drops the value, and a refresh that started before it cannot put its answer back.
 */
export class RefreshingCache<T> {
  private cached: { at: number; value: Promise<T> } | null = null;
  private refreshing = false;
  private generation = 0;

  constructor(
    private readonly compute: () => Promise<T>,
    private readonly options: { freshMs: number; staleMs: number; now?: () => number },
  ) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  get(): Promise<T> {
    const age = this.cached ? this.now() - this.cached.at : Infinity;
    if (!this.cached || age > this.options.staleMs) {
      const value = this.compute();
      const entry = { at: this.now(), value };
      this.cached = entry;
      value.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
      return value;
    }
    if (age > this.options.freshMs && !this.refreshing) {
      this.refreshing = true;
      const generation = this.generation;
      const value = this.compute();
      value
        .then(() => {
          if (this.generation === generation) this.cached = { at: this.now(), value };
        })
        // A failed refresh keeps the last answer until it is staleMs old; then get() awaits.
        .catch(() => undefined)
        .finally(() => (this.refreshing = false));
    }
    return this.cached.value;
  }

  invalidate(): void {
    this.cached = null;
    this.generation++;
  }
}
