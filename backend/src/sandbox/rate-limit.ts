/**
 * Alpaca's rate limit: at most `limit` requests per window (a minute unless `windowMs` says
 * otherwise), refused with 429 beyond it. Windows are fixed: one starts at the first request after
 * the previous one ended.
 */
export class RateLimit {
  private window = { startedAt: 0, count: 0 };

  constructor(
    public limit = 10_000,
    public windowMs = 60_000,
  ) {}

  /** New limits; starts a fresh window. */
  set(limit: number, windowMs = 60_000): void {
    this.limit = limit;
    this.windowMs = windowMs;
    this.reset();
  }

  reset(): void {
    this.window = { startedAt: 0, count: 0 };
  }

  /** Counts one request; true when it is over the limit (to be refused). */
  exceeded(): boolean {
    const now = Date.now();
    if (now - this.window.startedAt >= this.windowMs) this.window = { startedAt: now, count: 0 };
    this.window.count++;
    return this.window.count > this.limit;
  }

  /** The X-RateLimit-* headers every answer carries. */
  headers(): Record<string, string> {
    const reset = Math.ceil((this.window.startedAt + this.windowMs) / 1000);
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.limit - this.window.count)),
      'x-ratelimit-reset': String(reset),
    };
  }
}
