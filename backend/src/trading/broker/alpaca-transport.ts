import { setTimeout as sleep } from 'node:timers/promises';
import { alpacaRoute } from './alpaca-routes';
import { TurnQueue } from './turn-queue';
import type { BrokerBudget } from './broker-budget';
import { BrokerBusyError, BrokerNetworkError, BrokerTimeoutError } from './broker.errors';

/**
 * Who goes first when requests wait for the rate limit (lowest first).
 * Order submission never waits behind anything else; cancel-all (an emergency) comes next; following
 * orders to a final state before the run's own reads; dashboard, preview and health reads last.
 */
export const PRIORITY = {
  submit: 1,
  cancel: 2,
  reconcile: 3,
  run: 4,
  read: 6,
} as const;
export type RequestPriority = keyof typeof PRIORITY;

/**
 * The caller's last word on one request, taken when the limiter releases that very request, right
 * before it goes on the wire. Throwing refuses it (nothing is sent; the error reaches the caller as
 * is). It may return a release function: the transport calls it once the broker has answered (or
 * the exchange failed), so a lock taken by the check covers the dispatch.
 */
export type DispatchCheck = () => Promise<(() => Promise<void>) | void>;

export interface RequestOptions {
  priority?: RequestPriority;
  /** Only for writes that must honour the kill switch (order submission). */
  dispatchCheck?: DispatchCheck;
}

/** What went wrong with one exchange, in words fit for a metric label. */
export type BrokerRequestFailure =
  'timeout' | 'network' | 'rate-limited' | 'server-error' | 'rejected';

export interface BrokerRequestEvent {
  method: string;
  /** The spec's path template, e.g. '/v2/orders/{order_id}' (never an id or a symbol). */
  route: string;
  /** HTTP status; null when no answer came back. */
  status: number | null;
  /** From leaving the limiter to the last byte (or the failure). */
  durationMs: number;
  error?: BrokerRequestFailure;
  /** Time spent waiting for the client-side limiter (and any 429 pause) before the request left. */
  queuedMs: number;
  /** When the request left the client (epoch ms, sub-millisecond precision). */
  startedAt: number;
  priority: RequestPriority;
}

export interface TransportOptions {
  /** Client-side budget (Alpaca: 200/min): requests are paced and no window ever holds more. */
  rateLimitPerMinute: number;
  /** The window the budget is enforced over (default 60 000 ms); the budget scales with it. */
  rateLimitWindowMs?: number;
  /** Per request, from the moment it leaves the limiter to the last byte of the answer. */
  timeoutMs: number;
  /** Strips the base URL's path prefix before naming a route. */
  basePath: string;
  /** The account-wide budget shared with the other processes (PostgreSQL); none: this process alone. */
  budget?: BrokerBudget;
  onRequest?: (event: BrokerRequestEvent) => void;
}

/** The cap's window is stretched by this fraction: slack for network jitter at the broker's end. */
const WINDOW_SAFETY = 0.01;
/**
 * How far the pace may run ahead after a quiet spell, as a fraction of the window's budget: 5 % (10
 * requests at Alpaca's 200/min, 3 s of pacing) leave at once, so a run's first reads and orders do
 * not each wait a pacing interval. The cap still holds every window to the budget.
 */
const BURST_FRACTION = 0.05;
/** Longest we honour an X-RateLimit-Reset (a broken header must not stall the run for hours). */
const MAX_RESET_WAIT_MS = 60_000;
/** Pause after a 429 without a usable reset header (or one already past by our clock). */
const DEFAULT_RATE_LIMIT_PAUSE_MS = 1_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** A request its caller's dispatch check refused: carries the caller's error back out, unwrapped. */
export class DispatchRefused {
  constructor(readonly reason: unknown) {}
}
const PAUSED = Symbol('paused');
/** A background read that must give way: wait this long outside the queue, then queue again. */
class GiveWay {
  constructor(readonly ms: number) {}
}

/**
 * The HTTP side of the Alpaca client: one queue for every request of this process.
 *
 * - A TurnQueue grants turns one at a time, most urgent first (PRIORITY). A turn waits for the
 *   pace, a token bucket refilled at one request per `60 000 / rate` ms that holds at most a burst
 *   of 5 % of the window's budget (so after a quiet spell a few requests leave at once, then one per
 *   interval), and for a hard cap that lets a request leave only if fewer than the budget left in
 *   the last window (+1 %), so no window ever holds more, whatever the burst or late timers do.
 * - A 429 pauses every request until X-RateLimit-Reset (the limit is per account); requests released
 *   during the pause go back to the queue, so the pause ends at the limiter's pace.
 * - A request's dispatch check is an argument of that request, run when the limiter releases it —
 *   never ambient context, which a queued job could inherit from whichever request ran before it.
 * - Each exchange has its own timeout, covering the whole answer.
 *
 * The turns are a TurnQueue (see there why not Bottleneck, used before); the pace and the
 * sliding-window cap inside the turn are a few lines.
 */
export class AlpacaTransport {
  private readonly limiter = new TurnQueue();
  private pausedUntil = 0;
  private readonly capacity: number;
  private readonly capWindowMs: number;
  /** performance.now() of the last `capacity` departures, oldest first. */
  private readonly departures: number[] = [];
  /** The pace: one token per `intervalMs`, at most `burst` saved up. */
  private readonly intervalMs: number;
  private readonly burst: number;
  private tokens: number;
  private tokensAt = performance.now();

  constructor(private readonly options: TransportOptions) {
    if (!(options.rateLimitPerMinute > 0)) throw new Error('rateLimitPerMinute must be positive');
    if (!(options.timeoutMs > 0)) throw new Error('timeoutMs must be positive');
    const windowMs = options.rateLimitWindowMs ?? 60_000;
    if (!(windowMs > 0)) throw new Error('rateLimitWindowMs must be positive');
    this.capacity = budgetPerWindow(options.rateLimitPerMinute, windowMs);
    this.capWindowMs = capWindowMs(windowMs);
    this.intervalMs = 60_000 / options.rateLimitPerMinute;
    this.burst = burstOf(this.capacity);
    this.tokens = this.burst;
  }

  /** A fetch for openapi-fetch, bound to one request's priority and dispatch check. */
  fetchWith(options: RequestOptions = {}): (request: Request) => Promise<Response> {
    return (request) => this.send(request, options);
  }

  /**
   * One HTTP exchange: waits for its turn (a 429 pause, the pace, the cap, priority), passes its
   * dispatch check, then goes on the wire, bounded by the timeout. The limiter only grants turns
   * (one at a time, each waiting out the pace and the cap), so waiting requests stay queued and a later, more urgent one
   * is served before them; the exchange itself runs outside it, so requests still overlap.
   */
  private async send(request: Request, options: RequestOptions): Promise<Response> {
    const route = alpacaRoute(new URL(request.url).pathname, this.options.basePath);
    const priority = options.priority ?? 'read';
    const queuedAt = performance.now();
    for (;;) {
      while (Date.now() < this.pausedUntil) await sleep(this.pausedUntil - Date.now());
      const turn = await this.limiter.run(
        PRIORITY[priority],
        async (): Promise<{ departure: number } | typeof PAUSED | GiveWay> => {
          for (let wait = this.turnWait(); wait > 0; wait = this.turnWait()) await sleep(wait);
          // A request released during a pause goes back to the queue, so the pause ends at the pace.
          if (Date.now() < this.pausedUntil) return PAUSED;
          // The account-wide budget: an essential request waits here, at the head of the queue; a
          // background read gives its turn away and waits outside, so it never holds up an order.
          if (this.options.budget) {
            const essential = priority !== 'read';
            for (;;) {
              const wait = await this.options.budget.take(essential);
              if (wait <= 0) break;
              if (!essential) return new GiveWay(wait);
              await sleep(wait);
            }
          }
          // The place under the cap, recorded synchronously after the check above (the limiter
          // grants one turn at a time, so nothing else can take it meanwhile).
          const departure = performance.now();
          this.tokens -= 1;
          this.departures.push(departure);
          if (this.departures.length > this.capacity) this.departures.shift();
          return { departure };
        },
      );
      if (turn instanceof GiveWay) {
        // Bounded: a read that waited out ALPACA_TIMEOUT_MS for the run's orders gives up, unsent.
        const waited = performance.now() - queuedAt;
        if (waited + turn.ms > this.options.timeoutMs)
          throw new BrokerBusyError(
            `${request.method} ${route}: not sent, the account's request budget is taken by the daily run's orders (waited ${Math.round(waited)} ms)`,
            `${request.method} ${route}`,
            null,
          );
        await sleep(turn.ms);
        continue;
      }
      if (turn === PAUSED) continue;
      // The caller's last word, taken now that this very request has its turn and right before it
      // goes on the wire (outside the limiter, so a slow check never holds up other requests'
      // turns; a refused request keeps its place under the cap: conservative).
      let release: (() => Promise<void>) | undefined;
      if (options.dispatchCheck) {
        try {
          release = (await options.dispatchCheck()) ?? undefined;
        } catch (error) {
          throw new DispatchRefused(error);
        }
      }
      return this.exchange(request, route, priority, queuedAt, turn.departure, release);
    }
  }

  /** How long until one more departure fits the pace and the cap (≤ 0: now). */
  private turnWait(): number {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.tokensAt) / this.intervalMs);
    this.tokensAt = now;
    const pace = this.tokens >= 1 ? 0 : (1 - this.tokens) * this.intervalMs;
    const cap =
      this.departures.length < this.capacity
        ? 0
        : this.departures[0] + this.capWindowMs - performance.now();
    return Math.max(pace, cap);
  }

  private async exchange(
    request: Request,
    route: string,
    priority: RequestPriority,
    queuedAt: number,
    startedAt: number,
    release?: () => Promise<void>,
  ): Promise<Response> {
    const endpoint = `${request.method} ${route}`;
    const report = (status: number | null, error?: BrokerRequestFailure) =>
      this.options.onRequest?.({
        method: request.method,
        route,
        status,
        durationMs: performance.now() - startedAt,
        queuedMs: startedAt - queuedAt,
        startedAt: performance.timeOrigin + startedAt,
        priority,
        ...(error ? { error } : {}),
      });
    let released = false;
    const letGo = async () => {
      if (released || !release) return;
      released = true;
      await release().catch(() => undefined);
    };
    try {
      const signal = AbortSignal.timeout(this.options.timeoutMs);
      const answer = await fetch(request, { signal }).finally(letGo);
      // Read the whole body under the same deadline: a broker that sends headers and then stalls
      // is a timeout, not a hang.
      const body = NULL_BODY_STATUSES.has(answer.status) ? null : await answer.arrayBuffer();
      if (answer.status === 429) this.pause(answer.headers.get('x-ratelimit-reset'));
      report(answer.status, failureOf(answer.status));
      return new Response(body, {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers,
      });
    } catch (error) {
      await letGo();
      // Duck-typed: the DOMException may come from another realm (not `instanceof Error`).
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      report(null, timedOut ? 'timeout' : 'network');
      if (timedOut)
        throw new BrokerTimeoutError(
          `${endpoint}: no complete answer within ${this.options.timeoutMs} ms`,
          endpoint,
          null,
        );
      const reason =
        error instanceof Error
          ? ((error.cause as Error | undefined)?.message ?? error.message)
          : String(error);
      throw new BrokerNetworkError(`${endpoint}: ${reason}`, endpoint, null);
    }
  }

  /** Holds every request until the broker's X-RateLimit-Reset (epoch seconds). */
  private pause(resetHeader: string | null): void {
    const reset = Number(resetHeader) * 1000;
    const wait =
      resetHeader !== null && Number.isFinite(reset) && reset > Date.now()
        ? Math.min(MAX_RESET_WAIT_MS, reset - Date.now())
        : DEFAULT_RATE_LIMIT_PAUSE_MS;
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + wait);
  }
}

/** Requests allowed per window for a per-minute rate. */
export function budgetPerWindow(rateLimitPerMinute: number, windowMs: number): number {
  return Math.max(1, Math.floor((rateLimitPerMinute * windowMs) / 60_000));
}

/** Requests that may leave at once after a quiet spell (the rest follow at the pace). */
export function burstOf(capacity: number): number {
  return Math.max(1, Math.ceil(capacity * BURST_FRACTION));
}

/** The window a cap is enforced over: stretched by 1 % for network jitter at the broker's end. */
export function capWindowMs(windowMs: number): number {
  return windowMs * (1 + WINDOW_SAFETY);
}

function failureOf(status: number): BrokerRequestFailure | undefined {
  if (status < 400) return undefined;
  if (status === 429) return 'rate-limited';
  return status >= 500 ? 'server-error' : 'rejected';
}
