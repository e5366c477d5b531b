import { setTimeout as sleep } from 'node:timers/promises';
import createClient, { type Client } from 'openapi-fetch';
import type {
  BrokerAccount,
  BrokerAsset,
  BrokerOrder,
  BrokerPosition,
  DispatchOptions,
  FailureKind,
  OrderRequest,
  ReadOptions,
} from './broker.types';
import type { components, operations, paths } from './alpaca-api';
import type { BrokerBudget } from './broker-budget';
import {
  AlpacaTransport,
  DispatchRefused,
  type BrokerRequestEvent,
  type RequestOptions,
} from './alpaca-transport';
import {
  BrokerError,
  BrokerNotFoundError,
  BrokerRateLimitedError,
  BrokerUnavailableError,
  DuplicateClientOrderIdError,
  errorFor,
  InsufficientBuyingPowerError,
  isUncertain,
  type AlpacaErrorBody,
} from './broker.errors';
import { errorText } from '../../infra/error-text';
import { isLiveAlpacaUrl } from '../../infra/config/config.schema';

export type { BrokerRequestEvent, BrokerRequestFailure } from './alpaca-transport';
export type AlpacaClock = components['schemas']['legacy_clock'];
export type AlpacaCalendarDay = components['schemas']['legacy_calendar_day'];
export type AlpacaAccount = components['schemas']['Account'];
export type AlpacaPosition = components['schemas']['Position'];
export type AlpacaAsset = components['schemas']['Assets'];
export type AlpacaOrder = components['schemas']['Order'];
export type AlpacaCanceledOrder = components['schemas']['CanceledOrderResponse'];
export type AlpacaPortfolioHistory = components['schemas']['PortfolioHistory'];
export type PortfolioHistoryQuery = NonNullable<
  operations['getAccountPortfolioHistory']['parameters']['query']
>;

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
  /** The account-wide budget shared with other processes; without one, this process alone. */
  budget?: BrokerBudget;
}

/**
 * Alpaca trading API client, typed from the official OpenAPI spec (wire format kept: snake_case,
 * decimal strings; calendar dates stay New York 'YYYY-MM-DD' strings, never Date objects). The
 * endpoints live here; pacing, priorities, the dispatch check and timeouts in AlpacaTransport.
 *
 * - GETs are retried with backoff on 429, 5xx, timeouts and network errors. POST and DELETE are
 *   never retried: after a timeout or 5xx the outcome is unknown, and the caller looks the order
 *   up by client_order_id instead (docs/architecture.md, the daily run).
 * - Every method takes a priority: order submission first, then cancels, reconciliation, the run's
 *   own reads, and last everything else (dashboard, preview, health).
 */
export class AlpacaClient {
  private readonly http: Client<paths>;
  private readonly transport: AlpacaTransport;
  private readonly maxRetries: number;

  constructor(private readonly options: AlpacaClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error(`Alpaca base URL must be http(s): ${url.origin}`);
    if (isLiveAlpacaUrl(options.baseUrl) && !options.live) {
      throw new Error(`refusing the live Alpaca host ${url.origin} without ALPACA_LIVE=true`);
    }
    if (!options.keyId?.trim() || !options.secretKey?.trim())
      throw new Error('Alpaca API key id and secret key are required');
    this.maxRetries = options.maxRetries ?? 3;
    this.transport = new AlpacaTransport({
      rateLimitPerMinute: options.rateLimitPerMinute,
      rateLimitWindowMs: options.rateLimitWindowMs,
      timeoutMs: options.timeoutMs,
      basePath: url.pathname.replace(/\/+$/, ''),
      onRequest: options.onRequest,
      budget: options.budget,
    });
    this.http = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      headers: { 'APCA-API-KEY-ID': options.keyId, 'APCA-API-SECRET-KEY': options.secretKey },
      fetch: this.transport.fetchWith(),
    });
  }

  /** Where this client sends requests (for logs and status; never contains the keys). */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** openapi-fetch's per-request fetch: the request's own priority and dispatch check. */
  private via(options: RequestOptions): { fetch: (request: Request) => Promise<Response> } {
    return { fetch: this.transport.fetchWith(options) };
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
                `${endpoint}: unreadable answer (${errorText(error)})`,
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
  getClock(options: ReadOptions = {}): Promise<AlpacaClock> {
    return this.call(
      'GET /v2/clock',
      'GET',
      () => this.http.GET('/v2/clock', this.via(options)),
      options.maxRetries,
    );
  }

  /**
   * Trading days between two New York dates, inclusive ('YYYY-MM-DD' in, 'YYYY-MM-DD' out: the
   * dates are New York calendar dates and must never be parsed as UTC midnight).
   */
  async getCalendar(
    start: string,
    end: string,
    options: ReadOptions = {},
  ): Promise<AlpacaCalendarDay[]> {
    for (const date of [start, end])
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
        throw new RangeError(`calendar dates are New York dates 'YYYY-MM-DD', got "${date}"`);
    return this.call('GET /v2/calendar', 'GET', () =>
      this.http.GET('/v2/calendar', { params: { query: { start, end } }, ...this.via(options) }),
    );
  }

  /** The account; `maxRetries: 0` for probes that must answer quickly (health). */
  getAccount(options: ReadOptions = {}): Promise<AlpacaAccount & BrokerAccount> {
    return this.call(
      'GET /v2/account',
      'GET',
      () => this.http.GET('/v2/account', this.via(options)),
      options.maxRetries,
    ) as Promise<AlpacaAccount & BrokerAccount>;
  }

  listPositions(options: ReadOptions = {}): Promise<(AlpacaPosition & BrokerPosition)[]> {
    return this.call('GET /v2/positions', 'GET', () =>
      this.http.GET('/v2/positions', this.via(options)),
    ) as Promise<(AlpacaPosition & BrokerPosition)[]>;
  }

  /**
   * The account's equity and P&L time series (`GET /v2/account/portfolio/history`). Display only:
   * the default priority is `read`, so it gives way to every request of a run.
   */
  getPortfolioHistory(
    query: PortfolioHistoryQuery,
    options: ReadOptions = {},
  ): Promise<AlpacaPortfolioHistory> {
    return this.call(
      'GET /v2/account/portfolio/history',
      'GET',
      () =>
        this.http.GET('/v2/account/portfolio/history', {
          params: { query },
          ...this.via(options),
        }),
      options.maxRetries,
    );
  }

  getAsset(symbol: string, options: ReadOptions = {}): Promise<AlpacaAsset & BrokerAsset> {
    return this.call('GET /v2/assets/{symbol_or_asset_id}', 'GET', () =>
      this.http.GET('/v2/assets/{symbol_or_asset_id}', {
        params: { path: { symbol_or_asset_id: symbol } },
        ...this.via(options),
      }),
    ) as Promise<AlpacaAsset & BrokerAsset>;
  }

  /** Active US equities (tradable/fractionable for every symbol in one call). */
  listAssets(options: ReadOptions = {}): Promise<(AlpacaAsset & BrokerAsset)[]> {
    return this.call('GET /v2/assets', 'GET', () =>
      this.http.GET('/v2/assets', {
        params: { query: { status: 'active', asset_class: 'us_equity' } },
        ...this.via(options),
      }),
    ) as Promise<(AlpacaAsset & BrokerAsset)[]>;
  }

  /**
   * Sends one order, once, ahead of every other request of this process. `dispatchCheck` runs when
   * the limiter releases this very request, right before it goes on the wire (see DispatchCheck).
   * On BrokerTimeoutError / BrokerUnavailableError / BrokerNetworkError the outcome is unknown:
   * look it up with getOrderByClientOrderId before sending anything again.
   */
  submitOrder(
    order: OrderRequest,
    options: DispatchOptions = {},
  ): Promise<AlpacaOrder & BrokerOrder> {
    return this.call('POST /v2/orders', 'POST', () =>
      this.http.POST('/v2/orders', {
        body: order,
        ...this.via({ priority: 'submit', dispatchCheck: options.dispatchCheck }),
      }),
    ) as Promise<AlpacaOrder & BrokerOrder>;
  }

  getOrder(id: string, options: ReadOptions = {}): Promise<AlpacaOrder & BrokerOrder> {
    return this.call('GET /v2/orders/{order_id}', 'GET', () =>
      this.http.GET('/v2/orders/{order_id}', {
        params: { path: { order_id: id } },
        ...this.via({ priority: 'reconcile', ...options }),
      }),
    ) as Promise<AlpacaOrder & BrokerOrder>;
  }

  /** The order with this client_order_id, or null when the broker has none. */
  async getOrderByClientOrderId(
    clientOrderId: string,
    options: ReadOptions = {},
  ): Promise<(AlpacaOrder & BrokerOrder) | null> {
    try {
      return (await this.call('GET /v2/orders:by_client_order_id', 'GET', () =>
        this.http.GET('/v2/orders:by_client_order_id', {
          params: { query: { client_order_id: clientOrderId } },
          ...this.via({ priority: 'reconcile', ...options }),
        }),
      )) as AlpacaOrder & BrokerOrder;
    } catch (error) {
      if (error instanceof BrokerNotFoundError) return null;
      throw error;
    }
  }

  /** Orders by status, newest first, up to `limit` (≤ 500) submitted after `after` (ISO). */
  listOrders(
    params: { status: 'open' | 'closed' | 'all'; after?: string; limit?: number },
    options: ReadOptions = {},
  ): Promise<(AlpacaOrder & BrokerOrder)[]> {
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
        ...this.via({ priority: 'reconcile', ...options }),
      }),
    ) as Promise<(AlpacaOrder & BrokerOrder)[]>;
  }

  listOpenOrders(options: ReadOptions = {}): Promise<(AlpacaOrder & BrokerOrder)[]> {
    return this.listOrders({ status: 'open' }, options);
  }

  /** Cancels one order (204). Not retried: a failure leaves the order's state to be read again. */
  async cancelOrder(id: string): Promise<void> {
    await this.call('DELETE /v2/orders/{order_id}', 'DELETE', () =>
      this.http.DELETE('/v2/orders/{order_id}', {
        params: { path: { order_id: id } },
        ...this.via({ priority: 'cancel' }),
      }),
    );
  }

  /** Cancels every open order; the broker answers 207 with one HTTP status per order. */
  async cancelAllOrders(): Promise<{ id: string; status: number }[]> {
    const result = await this.call('DELETE /v2/orders', 'DELETE', () =>
      this.http.DELETE('/v2/orders', this.via({ priority: 'cancel' })),
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

/** 200 ms, 600 ms, 1.8 s, … with ±10 % jitter so replicas do not retry in lockstep. */
function backoffMs(attempt: number): number {
  const base = 200 * 3 ** attempt;
  return Math.round(base * (0.9 + Math.random() * 0.2));
}
