import Bottleneck from 'bottleneck';
import createClient, { type Client } from 'openapi-fetch';
import type { FailureKind } from '../execution/broker-port';
import type {
  BrokerAccount,
  BrokerAsset,
  BrokerOrder,
  BrokerPort,
  BrokerPosition,
  OrderRequest,
} from '../execution/broker-port';
import type { components, paths } from './alpaca-api';
import {
  BrokerError,
  BrokerNetworkError,
  BrokerNotFoundError,
  BrokerRateLimitedError,
  BrokerTimeoutError,
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

export const LIVE_HOST = 'api.alpaca.markets';

export interface AlpacaClientOptions {
  baseUrl: string;
  keyId: string;
  secretKey: string;
  /** Required to talk to the live (real money) host. */
  live: boolean;
  rateLimitPerMinute: number;
  timeoutMs: number;
  /** GET retries on 429/5xx/timeouts (default 3). */
  maxRetries?: number;
  /** Called after every HTTP exchange (metrics). */
  onRequest?: (event: BrokerRequestEvent) => void;
}

export interface BrokerRequestEvent {
  method: string;
  route: string;
  status: number | null;
  durationMs: number;
  error?: string;
  /** Time spent waiting for the client-side limiter before the request left. */
  queuedMs: number;
  /** When the request left the client (epoch ms). */
  startedAt: number;
}

const MAX_RESET_WAIT_MS = 60_000;

/**
 * Alpaca trading API client, typed from the official OpenAPI spec (wire format kept: snake_case,
 * decimal strings; calendar dates stay New York 'YYYY-MM-DD' strings). Every request goes through
 * a Bottleneck limiter spacing requests to stay under the per-minute budget. GETs are retried with
 * backoff on 429 (waiting for X-RateLimit-Reset), 5xx and timeouts; a POST is retried only on 429 —
 * Alpaca did not process it — never after a timeout or 5xx (the caller looks the order up instead).
 */
export class AlpacaClient implements BrokerPort {
  private readonly http: Client<paths>;
  private readonly limiter: Bottleneck;
  private readonly maxRetries: number;

  constructor(private readonly options: AlpacaClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.hostname === LIVE_HOST && !options.live) {
      throw new Error(`refusing the live Alpaca host ${url.origin} without ALPACA_LIVE=true`);
    }
    this.maxRetries = options.maxRetries ?? 3;
    // Requests spaced evenly: never more than the budget in any window. (Timer drift makes the
    // real pace ~1 ms per request slower than the budget; see the bench figures.)
    this.limiter = new Bottleneck({ minTime: Math.ceil(60_000 / options.rateLimitPerMinute) });
    this.http = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      headers: { 'APCA-API-KEY-ID': options.keyId, 'APCA-API-SECRET-KEY': options.secretKey },
      fetch: (request: Request) => this.send(request),
    });
  }

  /** One HTTP exchange: paced by the limiter, bounded by the timeout, reported to onRequest. */
  private async send(request: Request): Promise<Response> {
    const queuedAt = performance.now();
    const route = new URL(request.url).pathname.replace(/\/[0-9a-f-]{36}$/, '/{id}');
    return this.limiter.schedule(async () => {
      const startedAt = performance.now();
      const sentAt = Date.now();
      const report = (status: number | null, error?: string) =>
        this.options.onRequest?.({
          method: request.method,
          route,
          status,
          durationMs: performance.now() - startedAt,
          queuedMs: startedAt - queuedAt,
          startedAt: sentAt,
          error,
        });
      try {
        const response = await fetch(request, {
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        report(response.status);
        return response;
      } catch (error) {
        // Duck-typed: the DOMException may come from another realm (not `instanceof Error`).
        const name = (error as { name?: unknown } | null)?.name;
        const timedOut = name === 'TimeoutError' || name === 'AbortError';
        report(null, timedOut ? 'timeout' : 'network');
        if (timedOut)
          throw new BrokerTimeoutError(
            `${request.method} ${route}: no answer within ${this.options.timeoutMs} ms`,
            `${request.method} ${route}`,
            null,
          );
        throw new BrokerNetworkError(
          `${request.method} ${route}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`,
          `${request.method} ${route}`,
          null,
        );
      }
    });
  }

  /** Unwraps an openapi-fetch result into data or a typed BrokerError. */
  private async call<T>(
    endpoint: string,
    method: 'GET' | 'POST' | 'DELETE',
    run: () => Promise<{ data?: T; error?: unknown; response: Response }>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let failure: BrokerError;
      try {
        const { data, error, response } = await run();
        if (response.ok) return data as T;
        failure = errorFor(
          endpoint,
          response.status,
          error as AlpacaErrorBody | undefined,
          response.headers.get('x-ratelimit-reset'),
        );
      } catch (error) {
        if (!(error instanceof BrokerError)) throw error;
        failure = error;
      }
      const retryable =
        failure instanceof BrokerRateLimitedError || (method === 'GET' && isUncertain(failure));
      if (!retryable || attempt >= this.maxRetries) throw failure;
      await new Promise((resolve) => setTimeout(resolve, this.backoffMs(failure, attempt)));
    }
  }

  private backoffMs(failure: BrokerError, attempt: number): number {
    if (failure instanceof BrokerRateLimitedError && failure.resetAt) {
      return Math.min(MAX_RESET_WAIT_MS, Math.max(0, failure.resetAt.getTime() - Date.now()) + 50);
    }
    const base = 200 * 3 ** attempt;
    return base + Math.floor(Math.random() * base * 0.2);
  }

  getClock(): Promise<AlpacaClock> {
    return this.call('GET /v2/clock', 'GET', () => this.http.GET('/v2/clock'));
  }

  /** Trading days between two New York dates (inclusive), as the broker reports them. */
  getCalendar(start: string, end: string): Promise<AlpacaCalendarDay[]> {
    return this.call('GET /v2/calendar', 'GET', () =>
      this.http.GET('/v2/calendar', { params: { query: { start, end } } }),
    );
  }

  getAccount(): Promise<AlpacaAccount & BrokerAccount> {
    return this.call('GET /v2/account', 'GET', () => this.http.GET('/v2/account')) as Promise<
      AlpacaAccount & BrokerAccount
    >;
  }

  listPositions(): Promise<(AlpacaPosition & BrokerPosition)[]> {
    return this.call('GET /v2/positions', 'GET', () => this.http.GET('/v2/positions')) as Promise<
      (AlpacaPosition & BrokerPosition)[]
    >;
  }

  getAsset(symbol: string): Promise<AlpacaAsset & BrokerAsset> {
    return this.call('GET /v2/assets/{symbol}', 'GET', () =>
      this.http.GET('/v2/assets/{symbol_or_asset_id}', {
        params: { path: { symbol_or_asset_id: symbol } },
      }),
    ) as Promise<AlpacaAsset & BrokerAsset>;
  }

  listAssets(): Promise<(AlpacaAsset & BrokerAsset)[]> {
    return this.call('GET /v2/assets', 'GET', () =>
      this.http.GET('/v2/assets', {
        params: { query: { status: 'active', asset_class: 'us_equity' } },
      }),
    ) as Promise<(AlpacaAsset & BrokerAsset)[]>;
  }

  submitOrder(order: OrderRequest): Promise<AlpacaOrder & BrokerOrder> {
    return this.call('POST /v2/orders', 'POST', () =>
      this.http.POST('/v2/orders', {
        body: order as components['schemas']['Order'] & OrderRequest as never,
      }),
    ) as Promise<AlpacaOrder & BrokerOrder>;
  }

  getOrder(id: string): Promise<AlpacaOrder & BrokerOrder> {
    return this.call('GET /v2/orders/{id}', 'GET', () =>
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

  async cancelOrder(id: string): Promise<void> {
    await this.call('DELETE /v2/orders/{id}', 'DELETE', () =>
      this.http.DELETE('/v2/orders/{order_id}', { params: { path: { order_id: id } } }),
    );
  }

  /** Cancels every open order; the broker answers 207 with one status per order. */
  async cancelAllOrders(): Promise<{ id: string; status: number }[]> {
    const result = await this.call('DELETE /v2/orders', 'DELETE', () =>
      this.http.DELETE('/v2/orders'),
    );
    return ((result ?? []) as { id?: string; status?: number }[]).map((r) => ({
      id: r.id ?? '',
      status: r.status ?? 0,
    }));
  }
}

/** For the executor: what a failed submission means. */
export function classifyBrokerFailure(error: unknown): FailureKind {
  if (error instanceof DuplicateClientOrderIdError) return 'duplicate';
  if (error instanceof InsufficientBuyingPowerError) return 'insufficient-buying-power';
  if (
    isUncertain(error) ||
    error instanceof BrokerRateLimitedError ||
    !(error instanceof BrokerError)
  )
    return 'uncertain';
  return 'rejected';
}
