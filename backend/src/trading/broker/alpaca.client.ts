import { AsyncLocalStorage } from 'node:async_hooks';
import Bottleneck from 'bottleneck';
import createClient, { type Client } from 'openapi-fetch';
import type {
  BrokerAccount,
  BrokerAsset,
  BrokerOrder,
  BrokerPort,
  BrokerPosition,
  FailureKind,
  OrderRequest,
} from '../execution/broker-port';
import type { components, paths } from './alpaca-api';
import {
  BrokerError,
  BrokerNetworkError,
  BrokerNotFoundError,
  BrokerRateLimitedError,
  BrokerTimeoutError,
  BrokerUnavailableError,
  DuplicateClientOrderIdError,
  errorFor,
  InsufficientBuyingPowerError,
  isUncertain,
  type AlpacaErrorBody,
} from './broker.errors';

export type AlpacaClock = components['schemas']['legacy_clock'];
export type AlpacaCalendarDay = components['schemas']['legacy_calendar_day'];
export type AlpacaAccount = components['schemas']['Account'];
export type AlpacaPosition = components['schemas']['Position'];
export type AlpacaAsset = components['schemas']['Assets'];
export type AlpacaOrder = components['schemas']['Order'];
export type AlpacaCanceledOrder = components['schemas']['CanceledOrderResponse'];

/** The real-money trading host. */
export const LIVE_HOST = 'api.alpaca.markets';

/** Whether a base URL points at Alpaca's live (real money) trading API. */
export function isLiveAlpacaUrl(baseUrl: string): boolean {
  return new URL(baseUrl).hostname.toLowerCase().replace(/\.+$/, '') === LIVE_HOST;
}

export interface AlpacaClientOptions {
  baseUrl: string;
  keyId: string;
  secretKey: string;
  /** Required to talk to the live (real money) host. */
  live: boolean;
  /** Client-side budget (Alpaca: 200/min): requests are paced and no minute ever holds more. */
  rateLimitPerMinute: number;
  /**
   * The window the budget is enforced over (default 60 000 ms: per minute, like Alpaca). Tests
   * shorten it to prove the cap in seconds; the budget per window scales with it.
   */
  rateLimitWindowMs?: number;
  /** Per request attempt, from the moment it leaves the limiter to the last byte of the answer. */
  timeoutMs: number;
  /** GET retries on 429/5xx/timeouts/network errors (default 3). Writes are never retried. */
  maxRetries?: number;
  /** Called after every HTTP exchange (metrics: per-route latency and errors). */
  onRequest?: (event: BrokerRequestEvent) => void;
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
}

/** The cap's window is stretched by this fraction: slack for network jitter at the broker's end. */
const WINDOW_SAFETY = 0.01;
/** Longest we honour an X-RateLimit-Reset (a broken header must not stall the run for hours). */
const MAX_RESET_WAIT_MS = 60_000;
/** Pause after a 429 without a usable reset header (or one already past by our clock). */
const DEFAULT_RATE_LIMIT_PAUSE_MS = 1_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** A request its caller's beforeDispatch refused: carries the caller's error back out, unwrapped. */
class DispatchRefused {
  constructor(readonly reason: unknown) {}
}
const PAUSED = Symbol('paused');

/**
 * Alpaca trading API client, typed from the official OpenAPI spec (wire format kept: snake_case,
 * decimal strings; calendar dates stay New York 'YYYY-MM-DD' strings, never Date objects).
 *
 * - Every request goes through a Bottleneck limiter that paces requests `60 000 / rate` ms apart,
 *   and a hard cap: a request leaves only if fewer than the budget left in the last minute
 *   (+1 % slack), so no minute ever holds more, even when late timers bunch Bottleneck's starts.
 * - A 429 pauses the whole client until X-RateLimit-Reset (the limit is per account, so every
 *   queued request waits, then resumes at the limiter's pace).
 * - GETs are retried with backoff on 429, 5xx, timeouts and network errors. POST and DELETE are
 *   never retried: after a timeout or 5xx the outcome is unknown, and the caller looks the order
 *   up by client_order_id instead (DESIGN.md, the daily run, step 7).
 * - Each attempt has its own timeout (AbortSignal), covering the whole answer.
 */
export class AlpacaClient implements BrokerPort {
  private readonly http: Client<paths>;
  private readonly limiter: Bottleneck;
  /** The beforeDispatch of the submitOrder call a request belongs to (async-context scoped). */
  private readonly dispatchGuard = new AsyncLocalStorage<() => Promise<void>>();
  private readonly maxRetries: number;
  private readonly basePath: string;
  /** Epoch ms until which nothing is sent (after a 429). */
  private pausedUntil = 0;
  /** The hard cap: at most `capacity` departures within any `capWindowMs`. */
  private readonly capacity: number;
  private readonly capWindowMs: number;
  /** performance.now() of the last `capacity` departures, oldest first. */
  private readonly departures: number[] = [];

  constructor(private readonly options: AlpacaClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error(`Alpaca base URL must be http(s): ${url.origin}`);
    if (isLiveAlpacaUrl(options.baseUrl) && !options.live) {
      throw new Error(`refusing the live Alpaca host ${url.origin} without ALPACA_LIVE=true`);
    }
    if (!options.keyId?.trim() || !options.secretKey?.trim())
      throw new Error('Alpaca API key id and secret key are required');
    if (!(options.rateLimitPerMinute > 0)) throw new Error('rateLimitPerMinute must be positive');
    if (!(options.timeoutMs > 0)) throw new Error('timeoutMs must be positive');
    this.maxRetries = options.maxRetries ?? 3;
    this.basePath = url.pathname.replace(/\/+$/, '');
    const windowMs = options.rateLimitWindowMs ?? 60_000;
    if (!(windowMs > 0)) throw new Error('rateLimitWindowMs must be positive');
    this.capacity = Math.max(1, Math.floor((options.rateLimitPerMinute * windowMs) / 60_000));
    this.capWindowMs = windowMs * (1 + WINDOW_SAFETY);
    this.limiter = new Bottleneck({ minTime: Math.ceil(60_000 / options.rateLimitPerMinute) });
    this.http = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      headers: { 'APCA-API-KEY-ID': options.keyId, 'APCA-API-SECRET-KEY': options.secretKey },
      fetch: (request: Request) => this.send(request),
    });
  }

  /** Where this client sends requests (for logs and status; never contains the keys). */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  // ---- transport ----

  /** One HTTP exchange: waits out a 429 pause, paced by the limiter, bounded by the timeout. */
  private async send(request: Request): Promise<Response> {
    const route = this.routeOf(request);
    const queuedAt = performance.now();
    for (;;) {
      while (Date.now() < this.pausedUntil) await sleep(this.pausedUntil - Date.now());
      // A request the limiter releases during a pause goes back to the queue, so the pause ends
      // with requests spaced at the limiter's pace rather than all at once.
      const response = await this.limiter.schedule(async (): Promise<Response | typeof PAUSED> => {
        // The caller's last word (the kill switch), once the limiter has released the request:
        // a refusal sends nothing and reaches the caller as its own error.
        const guard = this.dispatchGuard.getStore();
        if (guard) {
          try {
            await guard();
          } catch (error) {
            throw new DispatchRefused(error);
          }
        }
        // The hard cap. Checked and recorded without an await in between, so two requests
        // can never both take the last place.
        for (let wait = this.capWait(); wait > 0; wait = this.capWait()) await sleep(wait);
        if (Date.now() < this.pausedUntil) return PAUSED;
        const dispatchedAt = performance.now();
        this.departures.push(dispatchedAt);
        if (this.departures.length > this.capacity) this.departures.shift();
        return this.exchange(request, route, queuedAt, dispatchedAt);
      });
      if (response !== PAUSED) return response;
    }
  }

  /** How long until one more departure fits under the cap (≤ 0: now). */
  private capWait(): number {
    if (this.departures.length < this.capacity) return 0;
    return this.departures[0] + this.capWindowMs - performance.now();
  }

  private async exchange(
    request: Request,
    route: string,
    queuedAt: number,
    startedAt: number,
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
        ...(error ? { error } : {}),
      });
    try {
      const signal = AbortSignal.timeout(this.options.timeoutMs);
      const answer = await fetch(request, { signal });
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

  /** The spec's path template of a request (a low-cardinality metric label). */
  private routeOf(request: Request): string {
    let path = new URL(request.url).pathname;
    if (this.basePath && path.startsWith(this.basePath)) path = path.slice(this.basePath.length);
    return path
      .replace(/^\/v2\/orders\/[^/:]+$/, '/v2/orders/{order_id}')
      .replace(/^\/v2\/assets\/[^/]+$/, '/v2/assets/{symbol_or_asset_id}');
  }

  /** Unwraps an openapi-fetch result into data or a typed BrokerError; retries GETs. */
  private async call<T>(
    endpoint: string,
    method: 'GET' | 'POST' | 'DELETE',
    run: () => Promise<{ data?: T; error?: unknown; response: Response }>,
    maxRetries = this.maxRetries,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let failure: BrokerError;
      try {
        const { data, error, response } = await run();
        if (response.ok) return data as T;
        failure = errorFor(
          endpoint,
          response.status,
          (typeof error === 'object' && error !== null ? error : undefined) as
            AlpacaErrorBody | undefined,
          response.headers.get('x-ratelimit-reset'),
        );
      } catch (error) {
        if (error instanceof DispatchRefused) throw error.reason;
        failure =
          error instanceof BrokerError
            ? error
            : // A 2xx whose body is not the JSON promised: the request may well have been applied.
              new BrokerUnavailableError(
                `${endpoint}: unreadable answer (${error instanceof Error ? error.message : String(error)})`,
                endpoint,
                null,
              );
      }
      const retryable =
        method === 'GET' && (failure instanceof BrokerRateLimitedError || isUncertain(failure));
      if (!retryable || attempt >= maxRetries) throw failure;
      // After a 429 the transport already waits for the reset; other failures back off.
      if (!(failure instanceof BrokerRateLimitedError)) await sleep(backoffMs(attempt));
    }
  }

  // ---- endpoints ----

  /** The broker's clock; `maxRetries: 0` for display refreshes that will simply try again later. */
  getClock(options: { maxRetries?: number } = {}): Promise<AlpacaClock> {
    return this.call('GET /v2/clock', 'GET', () => this.http.GET('/v2/clock'), options.maxRetries);
  }

  /**
   * Trading days between two New York dates, inclusive ('YYYY-MM-DD' in, 'YYYY-MM-DD' out: the
   * dates are New York calendar dates and must never be parsed as UTC midnight).
   */
  async getCalendar(start: string, end: string): Promise<AlpacaCalendarDay[]> {
    for (const date of [start, end])
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
        throw new RangeError(`calendar dates are New York dates 'YYYY-MM-DD', got "${date}"`);
    return this.call('GET /v2/calendar', 'GET', () =>
      this.http.GET('/v2/calendar', { params: { query: { start, end } } }),
    );
  }

  /** The account; `maxRetries: 0` for probes that must answer quickly (health). */
  getAccount(options: { maxRetries?: number } = {}): Promise<AlpacaAccount & BrokerAccount> {
    return this.call(
      'GET /v2/account',
      'GET',
      () => this.http.GET('/v2/account'),
      options.maxRetries,
    ) as Promise<AlpacaAccount & BrokerAccount>;
  }

  listPositions(): Promise<(AlpacaPosition & BrokerPosition)[]> {
    return this.call('GET /v2/positions', 'GET', () => this.http.GET('/v2/positions')) as Promise<
      (AlpacaPosition & BrokerPosition)[]
    >;
  }

  getAsset(symbol: string): Promise<AlpacaAsset & BrokerAsset> {
    return this.call('GET /v2/assets/{symbol_or_asset_id}', 'GET', () =>
      this.http.GET('/v2/assets/{symbol_or_asset_id}', {
        params: { path: { symbol_or_asset_id: symbol } },
      }),
    ) as Promise<AlpacaAsset & BrokerAsset>;
  }

  /** Active US equities (tradable/fractionable for every symbol in one call). */
  listAssets(): Promise<(AlpacaAsset & BrokerAsset)[]> {
    return this.call('GET /v2/assets', 'GET', () =>
      this.http.GET('/v2/assets', {
        params: { query: { status: 'active', asset_class: 'us_equity' } },
      }),
    ) as Promise<(AlpacaAsset & BrokerAsset)[]>;
  }

  /**
   * Sends one order, once. On BrokerTimeoutError / BrokerUnavailableError / BrokerNetworkError the
   * outcome is unknown: look it up with getOrderByClientOrderId before sending anything again.
   */
  submitOrder(
    order: OrderRequest,
    options: { beforeDispatch?: () => Promise<void> } = {},
  ): Promise<AlpacaOrder & BrokerOrder> {
    const send = () =>
      this.call('POST /v2/orders', 'POST', () =>
        this.http.POST('/v2/orders', { body: order }),
      ) as Promise<AlpacaOrder & BrokerOrder>;
    return options.beforeDispatch ? this.dispatchGuard.run(options.beforeDispatch, send) : send();
  }

  getOrder(id: string): Promise<AlpacaOrder & BrokerOrder> {
    return this.call('GET /v2/orders/{order_id}', 'GET', () =>
      this.http.GET('/v2/orders/{order_id}', { params: { path: { order_id: id } } }),
    ) as Promise<AlpacaOrder & BrokerOrder>;
  }

  /** The order with this client_order_id, or null when the broker has none. */
  async getOrderByClientOrderId(
    clientOrderId: string,
  ): Promise<(AlpacaOrder & BrokerOrder) | null> {
    try {
      return (await this.call('GET /v2/orders:by_client_order_id', 'GET', () =>
        this.http.GET('/v2/orders:by_client_order_id', {
          params: { query: { client_order_id: clientOrderId } },
        }),
      )) as AlpacaOrder & BrokerOrder;
    } catch (error) {
      if (error instanceof BrokerNotFoundError) return null;
      throw error;
    }
  }

  /** Orders by status, newest first, up to `limit` (≤ 500) submitted after `after` (ISO). */
  listOrders(params: {
    status: 'open' | 'closed' | 'all';
    after?: string;
    limit?: number;
  }): Promise<(AlpacaOrder & BrokerOrder)[]> {
    return this.call('GET /v2/orders', 'GET', () =>
      this.http.GET('/v2/orders', {
        params: {
          query: {
            status: params.status,
            after: params.after,
            limit: params.limit ?? 500,
            direction: 'desc',
          },
        },
      }),
    ) as Promise<(AlpacaOrder & BrokerOrder)[]>;
  }

  listOpenOrders(): Promise<(AlpacaOrder & BrokerOrder)[]> {
    return this.listOrders({ status: 'open' });
  }

  /** Cancels one order (204). Not retried: a failure leaves the order's state to be read again. */
  async cancelOrder(id: string): Promise<void> {
    await this.call('DELETE /v2/orders/{order_id}', 'DELETE', () =>
      this.http.DELETE('/v2/orders/{order_id}', { params: { path: { order_id: id } } }),
    );
  }

  /** Cancels every open order; the broker answers 207 with one HTTP status per order. */
  async cancelAllOrders(): Promise<{ id: string; status: number }[]> {
    const result = await this.call('DELETE /v2/orders', 'DELETE', () =>
      this.http.DELETE('/v2/orders'),
    );
    return ((result ?? []) as AlpacaCanceledOrder[]).map((r) => ({
      id: r.id ?? '',
      status: r.status ?? 0,
    }));
  }
}

/** For the executor: what a failed submission means. */
export function classifyBrokerFailure(error: unknown): FailureKind {
  if (error instanceof DuplicateClientOrderIdError) return 'duplicate';
  if (error instanceof InsufficientBuyingPowerError) return 'insufficient-buying-power';
  // A 429 was not processed, but "look it up, then send again" is the one safe path for all three.
  if (
    isUncertain(error) ||
    error instanceof BrokerRateLimitedError ||
    !(error instanceof BrokerError)
  )
    return 'uncertain';
  return 'rejected';
}

function failureOf(status: number): BrokerRequestFailure | undefined {
  if (status < 400) return undefined;
  if (status === 429) return 'rate-limited';
  return status >= 500 ? 'server-error' : 'rejected';
}

/** 200 ms, 600 ms, 1.8 s, … with ±10 % jitter so replicas do not retry in lockstep. */
function backoffMs(attempt: number): number {
  const base = 200 * 3 ** attempt;
  return Math.round(base * (0.9 + Math.random() * 0.2));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
