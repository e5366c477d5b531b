import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { components } from '../trading/broker/alpaca-api';
import { clockAt, NEW_YORK, newYorkDate, sessionOn, sessionsBetween } from './nyse-calendar';
import { SandboxHistoryError, SandboxMarket, type SandboxFill } from './sandbox-market';

type Order = components['schemas']['Order'];
type Position = components['schemas']['Position'];
type Asset = components['schemas']['Assets'];
type Account = components['schemas']['Account'];
type Clock = components['schemas']['legacy_clock'];
type CalendarDay = components['schemas']['legacy_calendar_day'];
type CanceledOrder = components['schemas']['CanceledOrderResponse'];
type OrderRequestBody =
  import('../trading/broker/alpaca-api').operations['postOrder']['requestBody']['content']['application/json'];

export type SandboxMode = 'nyse' | 'always-open';

export interface SandboxAsset {
  symbol: string;
  /** Deterministic fill price, decimal string. */
  price: string;
  tradable?: boolean;
  fractionable?: boolean;
}

export type FaultKind =
  | 'status-500'
  | 'status-503'
  | 'rate-limit'
  | 'timeout'
  | 'delay'
  | 'accept-then-fail'
  | 'accept-then-timeout'
  | OrderFate;

/**
 * What happens to an order the broker accepted, instead of filling at once (POST /v2/orders only;
 * the POST itself is answered normally). slow-fill: stays `accepted` for `delayMs`, then fills.
 * partial-fill: `fraction` (default 0.5) of it fills at once (`partially_filled`), the rest after
 * `delayMs` (never, without it: the order stays open until it is canceled or expires).
 * broker-cancel: the broker cancels it after `delayMs` (`canceled`, nothing filled). expire: it
 * expires after `delayMs` (`expired`, nothing filled), as a day order does at the close.
 */
export type OrderFate = 'slow-fill' | 'partial-fill' | 'broker-cancel' | 'expire';
const ORDER_FATES = new Set<FaultKind>(['slow-fill', 'partial-fill', 'broker-cancel', 'expire']);

export interface Fault {
  /**
   * The spec's method and path template, e.g. 'POST /v2/orders', 'GET /v2/clock',
   * 'GET /v2/orders/{order_id}', 'GET /v2/assets/{symbol_or_asset_id}'; '*' matches every route.
   */
  route: string;
  /**
   * status-500/503: answer with that status. rate-limit: 429 with X-RateLimit-Reset. timeout: never
   * answer (the client's timeout fires). delay: answer normally after `delayMs`. accept-then-fail:
   * process the request (store the order) but answer 500, so the client must look the order up.
   * accept-then-timeout: process the request, then never answer. Order fates: see OrderFate.
   */
  kind: FaultKind;
  /** How many requests it applies to (default 1); Infinity for all. */
  times?: number;
  /** Matching requests let through untouched before it applies (default 0): "the 3rd POST". */
  skip?: number;
  delayMs?: number;
  /** For partial-fill: the share of the order that fills at once (0 < fraction < 1, default 0.5). */
  fraction?: number;
  /** For rate-limit: seconds until X-RateLimit-Reset (default 1). */
  resetInSeconds?: number;
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  mode?: SandboxMode;
  /** Requests per window before 429 (default 10,000). */
  rateLimitPerMinute?: number;
  /** The rate-limit window (default 60,000 ms: the limit is per minute, like Alpaca's). */
  rateLimitWindowMs?: number;
  /** Added to every response (simulated network + broker latency). */
  latencyMs?: number;
  cash?: string;
  assets?: SandboxAsset[];
  /** Initial long positions, symbol → quantity (decimal string). */
  positions?: Record<string, string>;
  /** Orders stay `accepted` at least this long (wall clock) before they fill (default 0). */
  fillDelayMs?: number;
  /** The only key pair accepted (401 otherwise). Default: any non-empty pair. */
  keys?: { keyId: string; secretKey: string };
  /** Starting clock: a fixed instant (ISO) or an offset from the host clock. Default: the host clock. */
  clock?: { at?: string | Date; offsetMs?: number };
  /** Prices move through the day (sandbox-market.ts); default: fixed at each asset's price. */
  movingPrices?: boolean;
}

export interface ReceivedOrder {
  clientOrderId: string;
  symbol: string;
  side: string;
  /** Host time (epoch ms) the order arrived. */
  at: number;
  /** Whether the sandbox stored it (false: refused with a 4xx). */
  accepted: boolean;
}

/** One request as it arrived, completed with its outcome once there is one. */
export interface Arrival {
  /** The spec's method and route template ('POST /v2/orders'). */
  route: string;
  /** Host time (epoch ms) the request arrived (before its body was read). */
  at: number;
  /** POST /v2/orders and GET /v2/orders:by_client_order_id: the client_order_id it names. */
  clientOrderId?: string;
  /** The status answered; undefined while pending, or for ever when a fault never answers. */
  status?: number;
  /** Host time the answer was sent. */
  answeredAt?: number;
  /** POST /v2/orders: whether the order was stored (accepted), whatever the client heard. */
  accepted?: boolean;
  /** The fault applied to it, if any. */
  fault?: FaultKind;
}

export interface RequestRecord {
  method: string;
  route: string;
  status: number;
  /** Host time (epoch ms) the answer was sent. */
  at: number;
}

const DEFAULT_ASSETS: SandboxAsset[] = [
  { symbol: 'SPY', price: '600.00' },
  { symbol: 'TLT', price: '90.00' },
  { symbol: 'QQQ', price: '520.00' },
  { symbol: 'AAPL', price: '230.00' },
  { symbol: 'MSFT', price: '430.00' },
  { symbol: 'NVDA', price: '140.00' },
  { symbol: 'GOOGL', price: '175.00' },
  { symbol: 'AMZN', price: '200.00' },
  { symbol: 'BRK.B', price: '470.00', fractionable: false },
  { symbol: 'LOCKED', price: '10.00', tradable: false },
];

/** Logs kept for tests and demos; bounded so a long-running local sandbox does not grow forever. */
const MAX_LOG_ENTRIES = 50_000;

/** Exact decimal arithmetic on strings, scaled by 1e9, enough for money and fractional shares. */
const SCALE = 1_000_000_000n;
const toUnits = (s: string | number): bigint => {
  const [int, frac = ''] = String(s).split('.');
  const negative = int.startsWith('-');
  const units =
    BigInt(int.replace('-', '') || '0') * SCALE + BigInt((frac + '000000000').slice(0, 9));
  return negative ? -units : units;
};
const fromUnits = (u: bigint, decimals = 9): string => {
  const negative = u < 0n;
  const abs = negative ? -u : u;
  const int = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(9, '0').slice(0, decimals);
  return `${negative ? '-' : ''}${int}${decimals ? `.${frac}` : ''}`;
};
const mulDiv = (a: bigint, b: bigint, c: bigint) => (a * b) / c;
const DECIMAL = /^\d+(\.\d{1,9})?$/;

/** Every field Alpaca's POST /v2/orders accepts (the spec's request body); anything else is a 422. */
const ORDER_FIELDS = new Set<keyof OrderRequestBody>([
  'symbol',
  'qty',
  'notional',
  'side',
  'type',
  'time_in_force',
  'limit_price',
  'stop_price',
  'trail_price',
  'trail_percent',
  'extended_hours',
  'client_order_id',
  'order_class',
  'take_profit',
  'stop_loss',
  'position_intent',
  'legs',
  'advanced_instructions',
]);
const OPEN_STATUSES = new Set(['new', 'accepted', 'pending_new', 'partially_filled']);

/** Alpaca's error codes as the sandbox uses them. */
export const ALPACA_CODES = {
  invalid: 40010001,
  unauthorized: 40110000,
  insufficientBuyingPower: 40310000,
  notFound: 40410000,
  notCancelable: 42210000,
  rateLimited: 42910000,
  internal: 50010000,
} as const;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type StoredOrder = Order & {
  acceptedAt: number;
  filledPrice: string;
  fate?: { kind: OrderFate; delayMs: number; fraction: number };
};

/**
 * An Alpaca-compatible trading API for local runs and tests: NYSE hours and holidays (or always
 * open), account, assets, positions and orders with a realistic life cycle, Alpaca's error codes,
 * a rate limit with X-RateLimit-* headers, and injectable faults. The instance is also the control
 * surface tests and demos use (clock, mode, faults, rate limit, seeding, what was received).
 */
export class SandboxBroker {
  mode: SandboxMode;
  /** Requests allowed per rate-limit window (per minute unless rateLimitWindowMs says otherwise). */
  rateLimitPerMinute: number;
  rateLimitWindowMs: number;
  latencyMs: number;
  fillDelayMs: number;
  private clock: { fixed?: Date; offsetMs: number } = { offsetMs: 0 };
  private cash: bigint;
  private keys: { keyId: string; secretKey: string } | null = null;
  private accountState = { status: 'ACTIVE', tradingBlocked: false, accountBlocked: false };
  private readonly assets = new Map<string, Required<SandboxAsset>>();
  private readonly positions = new Map<string, bigint>();
  private readonly orders: StoredOrder[] = [];
  private faults: (Fault & { remaining: number; skipped: number })[] = [];
  /** Requests being processed (a delay fault holds one here until it is processed). */
  private processing = 0;
  private window = { startedAt: 0, count: 0 };
  /** always-open mode: the session of each New York date opens a minute before it is first asked about. */
  private readonly demoOpens = new Map<string, DateTime>();
  /** Every POST /v2/orders that passed request validation, accepted or refused. */
  readonly received: ReceivedOrder[] = [];
  /** Every answered request. */
  readonly requests: RequestRecord[] = [];
  /** Every request that arrived, answered or not (a timeout fault never answers), with its outcome. */
  readonly arrivals: Arrival[] = [];
  /** Moving prices and portfolio history (sandbox-market.ts); fills feed the history. */
  readonly market: SandboxMarket;
  private readonly fills: SandboxFill[] = [];
  private readonly costBasis = new Map<string, bigint>();

  constructor(options: SandboxOptions = {}) {
    this.mode = options.mode ?? 'nyse';
    this.rateLimitPerMinute = options.rateLimitPerMinute ?? 10_000;
    this.rateLimitWindowMs = options.rateLimitWindowMs ?? 60_000;
    this.latencyMs = options.latencyMs ?? 0;
    this.fillDelayMs = options.fillDelayMs ?? 0;
    this.market = new SandboxMarket(options.movingPrices ?? false);
    this.cash = toUnits(options.cash ?? '100000');
    for (const asset of options.assets ?? DEFAULT_ASSETS) this.addAsset(asset);
    for (const [symbol, qty] of Object.entries(options.positions ?? {}))
      this.setPosition(symbol, qty);
    if (options.clock) this.setClock(options.clock);
    if (options.keys) this.setKeys(options.keys);
  }

  // ---- control (tests, demo) ----

  /** The sandbox's "now": what GET /v2/clock reports and what decides fills. */
  now(): Date {
    return this.clock.fixed
      ? new Date(this.clock.fixed.getTime())
      : new Date(Date.now() + this.clock.offsetMs);
  }
  /** Fix the clock at an instant, or run it at an offset from the host clock ({} = host clock). */
  setClock(clock: { at?: string | Date; offsetMs?: number }): void {
    if (clock.at !== undefined) {
      const fixed = new Date(clock.at);
      if (Number.isNaN(fixed.getTime())) throw new Error(`invalid sandbox clock: ${clock.at}`);
      this.clock = { fixed, offsetMs: 0 };
    } else this.clock = { offsetMs: clock.offsetMs ?? 0 };
  }
  /** Accept only this key pair (null: any non-empty pair, the default). */
  setKeys(keys: { keyId: string; secretKey: string } | null): void {
    this.keys = keys;
  }
  setMode(mode: SandboxMode): void {
    this.mode = mode;
  }
  /**
   * At most `limit` requests per window (default: a minute) before 429. Windows are fixed: one
   * starts at the first request after the previous one ended. Starts a fresh window.
   */
  setRateLimit(limit: number, windowMs = 60_000): void {
    this.rateLimitPerMinute = limit;
    this.rateLimitWindowMs = windowMs;
    this.window = { startedAt: 0, count: 0 };
  }
  /** Requests refused with 429 by the rate limit (faults not counted). */
  readonly rateLimited: { route: string; at: number }[] = [];
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }
  setFillDelay(ms: number): void {
    this.fillDelayMs = ms;
  }
  addAsset(asset: SandboxAsset): void {
    if (!DECIMAL.test(asset.price)) throw new Error(`invalid price for ${asset.symbol}`);
    this.assets.set(asset.symbol, { tradable: true, fractionable: true, ...asset });
  }
  /** The deterministic fill price of a symbol (for orders accepted from now on). */
  setPrice(symbol: string, price: string): void {
    const asset = this.assets.get(symbol);
    if (!asset) throw new Error(`unknown sandbox asset ${symbol}`);
    this.addAsset({ ...asset, price });
  }
  /** Account flags (e.g. trading blocked, or a status other than ACTIVE, for health checks). */
  setAccount(state: { status?: string; tradingBlocked?: boolean; accountBlocked?: boolean }): void {
    this.accountState = { ...this.accountState, ...state };
  }
  setCash(cash: string): void {
    this.cash = toUnits(cash);
  }
  setPosition(symbol: string, qty: string): void {
    if (!this.assets.has(symbol)) throw new Error(`unknown sandbox asset ${symbol}`);
    if (toUnits(qty) === 0n) this.positions.delete(symbol);
    else this.positions.set(symbol, toUnits(qty));
    this.costBasis.delete(symbol);
  }
  inject(fault: Fault): void {
    if (ORDER_FATES.has(fault.kind) && fault.route !== 'POST /v2/orders')
      throw new Error(`${fault.kind} applies to 'POST /v2/orders' only`);
    if (fault.fraction !== undefined && !(fault.fraction > 0 && fault.fraction < 1))
      throw new Error('fraction must be between 0 and 1 (exclusive)');
    this.faults.push({ ...fault, remaining: fault.times ?? 1, skipped: 0 });
  }
  clearFaults(): void {
    this.faults = [];
  }
  orderCount(): number {
    return this.orders.length;
  }
  ordersByClientId(clientOrderId: string): Order[] {
    return this.orders
      .filter((o) => o.client_order_id === clientOrderId)
      .map((o) => this.publicOrder(o));
  }
  /** client_order_ids of every order the sandbox stored, in arrival order. */
  acceptedClientOrderIds(): string[] {
    return this.orders.map((o) => o.client_order_id!);
  }
  /** Answered requests, optionally for one route ('GET /v2/clock'). */
  requestCount(route?: string): number {
    return route ? this.requests.filter((r) => r.route === route).length : this.requests.length;
  }

  /** Requests still being processed (arrived, not yet answered or dropped by a timeout fault). */
  inFlight(): number {
    return this.processing;
  }

  /**
   * Starts the account over: no orders, faults or records; cash and positions as given; a fresh
   * rate-limit window. Assets, mode, clock, keys, latency and fill delay are kept.
   */
  resetAccount(state: { cash?: string; positions?: Record<string, string> } = {}): void {
    this.orders.length = 0;
    this.faults = [];
    for (const records of [this.received, this.requests, this.arrivals, this.rateLimited])
      records.length = 0;
    this.window = { startedAt: 0, count: 0 };
    this.cash = toUnits(state.cash ?? '100000');
    this.positions.clear();
    this.fills.length = 0;
    this.costBasis.clear();
    for (const [symbol, qty] of Object.entries(state.positions ?? {}))
      this.setPosition(symbol, qty);
  }

  /**
   * The close: every open order expires (a `day` order left unfilled at the close expires, with
   * whatever part of it already filled kept).
   */
  expireOpenOrders(): void {
    this.settle();
    const at = this.now().toISOString();
    for (const order of this.orders)
      if (OPEN_STATUSES.has(order.status!))
        Object.assign(order, { status: 'expired', expired_at: at, updated_at: at });
  }

  /** Every stored order as GET /v2/orders shows it (after settling what is due). */
  allOrders(): Order[] {
    this.settle();
    return this.orders.map((o) => this.publicOrder(o));
  }

  /** Whether the market is open at the sandbox's "now". */
  isOpen(): boolean {
    return this.mode === 'always-open' || clockAt(this.now()).is_open;
  }

  // ---- HTTP ----
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const route = `${req.method} ${routeTemplate(url.pathname)}`;
    const arrival: Arrival = { route, at: Date.now() };
    if (route === 'GET /v2/orders:by_client_order_id')
      arrival.clientOrderId = url.searchParams.get('client_order_id') ?? undefined;
    log(this.arrivals, arrival);
    this.processing++;
    let processed = false;
    const done = () => {
      if (!processed) this.processing--;
      processed = true;
    };
    const reply = async (
      status: number,
      payload: unknown,
      headers: Record<string, string> = {},
    ) => {
      done();
      if (this.latencyMs) await sleep(this.latencyMs);
      log(this.requests, { method: req.method ?? '', route, status, at: Date.now() });
      Object.assign(arrival, { status, answeredAt: Date.now() });
      if (res.destroyed) return;
      res.writeHead(status, {
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...this.rateHeaders(),
        ...headers,
      });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    try {
      const body = await readBody(req);
      if (route === 'POST /v2/orders' && isRecord(body) && typeof body.client_order_id === 'string')
        arrival.clientOrderId = body.client_order_id;
      const credential = (name: string) => String(req.headers[name] ?? '').trim();
      const [keyId, secretKey] = [credential('apca-api-key-id'), credential('apca-api-secret-key')];
      if (
        !keyId ||
        !secretKey ||
        (this.keys && (keyId !== this.keys.keyId || secretKey !== this.keys.secretKey))
      ) {
        throw new HttpError(401, ALPACA_CODES.unauthorized, 'request is not authorized');
      }
      if (this.overRateLimit()) {
        log(this.rateLimited, { route, at: Date.now() });
        return await reply(429, { code: ALPACA_CODES.rateLimited, message: 'rate limit exceeded' });
      }
      const fault = this.takeFault(route);
      if (fault) arrival.fault = fault.kind;
      if (fault?.kind === 'timeout') return done(); // never answer; the client's timeout fires
      if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 1000);
      if (fault?.kind === 'status-500')
        return await reply(500, { code: ALPACA_CODES.internal, message: 'internal server error' });
      if (fault?.kind === 'status-503')
        return await reply(503, { code: 50310000, message: 'service unavailable' });
      if (fault?.kind === 'rate-limit') {
        const reset = Math.ceil(Date.now() / 1000) + (fault.resetInSeconds ?? 1);
        return await reply(
          429,
          { code: ALPACA_CODES.rateLimited, message: 'rate limit exceeded' },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        );
      }
      const fate =
        fault && ORDER_FATES.has(fault.kind)
          ? {
              kind: fault.kind as OrderFate,
              delayMs: fault.delayMs ?? Infinity,
              fraction: fault.fraction ?? 0.5,
            }
          : undefined;
      const [status, payload] =
        route === 'POST /v2/orders' ? this.submit(body, fate, arrival) : this.route(route, url);
      if (fault?.kind === 'accept-then-timeout') return done(); // processed; never answered
      if (fault?.kind === 'accept-then-fail') {
        // The request was processed (the order stored); the client hears a 500 and must look it up.
        return await reply(500, { code: ALPACA_CODES.internal, message: 'internal server error' });
      }
      return await reply(status, payload);
    } catch (error) {
      if (route === 'POST /v2/orders') arrival.accepted ??= false;
      if (error instanceof HttpError)
        return reply(error.status, { code: error.code, message: error.message });
      return reply(500, {
        code: ALPACA_CODES.internal,
        message: error instanceof Error ? error.message : 'internal error',
      });
    }
  }

  private rateHeaders(): Record<string, string> {
    const reset = Math.ceil((this.window.startedAt + this.rateLimitWindowMs) / 1000);
    return {
      'x-ratelimit-limit': String(this.rateLimitPerMinute),
      'x-ratelimit-remaining': String(Math.max(0, this.rateLimitPerMinute - this.window.count)),
      'x-ratelimit-reset': String(reset),
    };
  }

  private overRateLimit(): boolean {
    const now = Date.now();
    if (now - this.window.startedAt >= this.rateLimitWindowMs)
      this.window = { startedAt: now, count: 0 };
    this.window.count++;
    return this.window.count > this.rateLimitPerMinute;
  }

  /** The first armed fault matching the route; faults still skipping count this request. */
  private takeFault(route: string): Fault | undefined {
    let taken: Fault | undefined;
    for (const fault of this.faults) {
      if (fault.remaining <= 0 || (fault.route !== route && fault.route !== '*')) continue;
      if (fault.skipped < (fault.skip ?? 0)) fault.skipped++;
      else if (!taken) {
        fault.remaining--;
        taken = fault;
      }
    }
    return taken;
  }

  /** POST /v2/orders with an order fate (a fault) to attach to the order if it is accepted. */
  private submit(body: unknown, fate: StoredOrder['fate'], arrival: Arrival): [number, unknown] {
    this.settle();
    const order = this.placeOrder(body, fate);
    arrival.accepted = true;
    return [200, order];
  }

  private route(route: string, url: URL): [number, unknown] {
    this.settle();
    const lastSegment = () => decodeURIComponent(url.pathname.split('/').pop()!);
    switch (route) {
      case 'GET /v2/clock':
        return [200, this.clockNow()];
      case 'GET /v2/calendar':
        return [200, this.calendar(url.searchParams.get('start'), url.searchParams.get('end'))];
      case 'GET /v2/account':
        return [200, this.account()];
      case 'GET /v2/account/portfolio/history':
        return [200, this.portfolioHistory(url.searchParams)];
      case 'GET /v2/positions':
        return [200, [...this.positions.keys()].sort().map((s) => this.position(s))];
      case 'GET /v2/assets':
        return [200, [...this.assets.keys()].map((s) => this.asset(s))];
      case 'GET /v2/assets/{symbol_or_asset_id}': {
        const key = lastSegment();
        const symbol = [...this.assets.keys()].find((s) => s === key || assetId(s) === key) ?? null;
        if (!symbol) throw new HttpError(404, ALPACA_CODES.notFound, `asset not found for ${key}`);
        return [200, this.asset(symbol)];
      }
      case 'GET /v2/orders':
        return [200, this.listOrders(url.searchParams)];
      case 'GET /v2/orders:by_client_order_id': {
        const id = url.searchParams.get('client_order_id');
        if (!id) throw new HttpError(422, ALPACA_CODES.invalid, 'client_order_id is required');
        const order = this.orders.find((o) => o.client_order_id === id);
        if (!order) throw new HttpError(404, ALPACA_CODES.notFound, 'order not found');
        return [200, this.publicOrder(order)];
      }
      case 'GET /v2/orders/{order_id}': {
        const order = this.orders.find((o) => o.id === lastSegment());
        if (!order) throw new HttpError(404, ALPACA_CODES.notFound, 'order not found');
        return [200, this.publicOrder(order)];
      }
      case 'DELETE /v2/orders/{order_id}': {
        const order = this.orders.find((o) => o.id === lastSegment());
        if (!order) throw new HttpError(404, ALPACA_CODES.notFound, 'order not found');
        if (!OPEN_STATUSES.has(order.status!))
          throw new HttpError(
            422,
            ALPACA_CODES.notCancelable,
            `order is not cancelable (status "${order.status}")`,
          );
        this.cancel(order);
        return [204, undefined];
      }
      case 'DELETE /v2/orders': {
        const open = this.orders.filter((o) => OPEN_STATUSES.has(o.status!));
        open.forEach((o) => this.cancel(o));
        return [207, open.map((o): CanceledOrder => ({ id: o.id, status: 200 }))];
      }
      default:
        throw new HttpError(404, ALPACA_CODES.notFound, `route not found: ${route}`);
    }
  }

  private clockNow(): Clock {
    const now = DateTime.fromJSDate(this.now()).setZone(NEW_YORK);
    if (this.mode === 'always-open') {
      const iso = (dt: DateTime) => dt.toISO({ suppressMilliseconds: true })!;
      const today = this.demoSession(now.toISODate()!);
      return {
        timestamp: now.toISO()!,
        is_open: true,
        next_open: iso(now.plus({ days: 1 }).startOf('day')),
        next_close: iso(now < today.closeAt ? today.closeAt : today.closeAt.plus({ days: 1 })),
      };
    }
    return clockAt(now.toJSDate());
  }

  /**
   * always-open mode: every day is a session until 23:59 New York; today's opened one minute before
   * the sandbox was first asked about today (so the first run of the day is inside its window).
   * Other days open at midnight; only today's answer is remembered.
   */
  private demoSession(date: string): { open: string; close: string; closeAt: DateTime } {
    const startOfDay = DateTime.fromISO(date, { zone: NEW_YORK });
    let open = this.demoOpens.get(date);
    if (!open) {
      const now = DateTime.fromJSDate(this.now()).setZone(NEW_YORK);
      if (now.toISODate() === date) {
        const minuteAgo = now.minus({ minutes: 1 }).startOf('minute');
        open = minuteAgo < startOfDay ? startOfDay : minuteAgo;
        this.demoOpens.set(date, open);
      } else open = startOfDay;
    }
    const closeAt = startOfDay.set({ hour: 23, minute: 59 });
    return { open: open.toFormat('HH:mm'), close: '23:59', closeAt };
  }

  private calendar(start: string | null, end: string | null): CalendarDay[] {
    const today = newYorkDate(this.now());
    const from = (start ?? today).slice(0, 10);
    const to = (end ?? from).slice(0, 10);
    const valid = (d: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d, { zone: NEW_YORK }).isValid;
    if (!valid(from) || !valid(to))
      throw new HttpError(400, 40010000, 'start and end must be dates (YYYY-MM-DD)');
    if (this.mode === 'always-open') {
      const days: CalendarDay[] = [];
      for (
        let d = DateTime.fromISO(from, { zone: NEW_YORK });
        d.toISODate()! <= to && days.length < 1000;
        d = d.plus({ days: 1 })
      ) {
        const date = d.toISODate()!;
        const session = this.demoSession(date);
        days.push({
          date,
          open: session.open,
          close: session.close,
          session_open: '0000',
          session_close: '2359',
          settlement_date: d.plus({ days: 1 }).toISODate()!,
        });
      }
      return days;
    }
    return sessionsBetween(from, to).map((s) => ({
      date: s.date,
      open: s.open,
      close: s.close,
      session_open: '0400',
      session_close: s.close === '16:00' ? '2000' : '1700',
      settlement_date: nextSessionAfter(s.date),
    }));
  }

  /** The symbol's price now (moving when the market moves; else the configured one). */
  private priceOf(symbol: string, at = this.now()): string {
    return this.market.priceAt(symbol, this.assets.get(symbol)?.price ?? '0', at);
  }

  private marketValue(symbol: string, at = this.now()): bigint {
    return mulDiv(this.positions.get(symbol) ?? 0n, toUnits(this.priceOf(symbol, at)), SCALE);
  }

  /** What the unfilled part of an open order will cost (buy) or bring (sell) at its fill price. */
  private openNotional(order: StoredOrder): bigint {
    const filled = mulDiv(toUnits(order.filled_qty ?? '0'), toUnits(order.filledPrice), SCALE);
    return (
      (order.notional
        ? toUnits(order.notional)
        : mulDiv(toUnits(order.qty!), toUnits(order.filledPrice), SCALE)) - filled
    );
  }

  /** Cash not committed to open buy orders (what Alpaca reports as buying power, cash account). */
  private buyingPower(): bigint {
    const reserved = this.orders
      .filter((o) => o.side === 'buy' && OPEN_STATUSES.has(o.status!))
      .reduce((sum, o) => sum + this.openNotional(o), 0n);
    const available = this.cash - reserved;
    return available > 0n ? available : 0n;
  }

  /** Shares held and not already promised to open sell orders. */
  private qtyAvailable(symbol: string): bigint {
    const held = this.positions.get(symbol) ?? 0n;
    const selling = this.orders
      .filter((o) => o.symbol === symbol && o.side === 'sell' && OPEN_STATUSES.has(o.status!))
      .reduce((sum, o) => sum + this.orderQty(o) - toUnits(o.filled_qty ?? '0'), 0n);
    return held - selling;
  }

  private account(): Account {
    const longValue = [...this.positions.keys()].reduce((sum, s) => sum + this.marketValue(s), 0n);
    const equity = this.cash + longValue;
    const close = this.market.previousClose(this.now());
    const lastEquity = this.market.moving
      ? this.cash +
        [...this.positions.keys()].reduce((sum, s) => sum + this.marketValue(s, close), 0n)
      : equity;
    const buyingPower = fromUnits(this.buyingPower(), 2);
    return {
      id: '00000000-0000-4000-8000-000000000001',
      account_number: 'SANDBOX01',
      status: this.accountState.status,
      currency: 'USD',
      cash: fromUnits(this.cash, 2),
      buying_power: buyingPower,
      non_marginable_buying_power: buyingPower,
      regt_buying_power: buyingPower,
      daytrading_buying_power: '0',
      equity: fromUnits(equity, 2),
      last_equity: fromUnits(lastEquity, 2),
      portfolio_value: fromUnits(equity, 2),
      long_market_value: fromUnits(longValue, 2),
      short_market_value: '0',
      initial_margin: '0',
      maintenance_margin: '0',
      pattern_day_trader: false,
      trading_blocked: this.accountState.tradingBlocked,
      transfers_blocked: false,
      account_blocked: this.accountState.accountBlocked,
      trade_suspended_by_user: false,
      shorting_enabled: false,
      multiplier: '1',
      daytrade_count: 0,
      created_at: '2025-01-02T14:30:00Z',
    } as Account;
  }

  private position(symbol: string): Position {
    const qty = this.positions.get(symbol)!;
    const price = this.priceOf(symbol);
    const lastday = this.priceOf(symbol, this.market.previousClose(this.now()));
    const value = this.marketValue(symbol);
    // Without moving prices every position is worth what it cost (the sandbox's older answer).
    const cost = this.market.moving
      ? (this.costBasis.get(symbol) ?? mulDiv(qty, toUnits(this.assets.get(symbol)!.price), SCALE))
      : value;
    const pl = value - cost;
    const ratio = (a: bigint, b: bigint) =>
      !this.market.moving || b === 0n ? '0' : fromUnits(mulDiv(a, SCALE, b), 6);
    const lastValue = mulDiv(qty, toUnits(lastday), SCALE);
    return {
      asset_id: assetId(symbol),
      symbol,
      exchange: 'ARCA',
      asset_class: 'us_equity',
      avg_entry_price: this.market.moving ? fromUnits(mulDiv(cost, SCALE, qty), 4) : price,
      qty: fromUnits(qty),
      qty_available: fromUnits(this.qtyAvailable(symbol)),
      side: 'long',
      market_value: fromUnits(value, 2),
      cost_basis: fromUnits(cost, 2),
      unrealized_pl: this.market.moving ? fromUnits(pl, 2) : '0',
      unrealized_plpc: ratio(pl, cost),
      unrealized_intraday_pl: this.market.moving ? fromUnits(value - lastValue, 2) : '0',
      unrealized_intraday_plpc: ratio(value - lastValue, lastValue),
      current_price: price,
      lastday_price: lastday,
      change_today: ratio(toUnits(price) - toUnits(lastday), toUnits(lastday)),
      asset_marginable: true,
    } as Position;
  }

  private asset(symbol: string): Asset {
    const a = this.assets.get(symbol)!;
    return {
      id: assetId(symbol),
      class: 'us_equity',
      exchange: 'NYSE',
      symbol,
      name: `${symbol} (sandbox)`,
      status: 'active',
      tradable: a.tradable,
      marginable: true,
      shortable: false,
      easy_to_borrow: false,
      fractionable: a.fractionable,
    } as Asset;
  }

  /** POST /v2/orders: validates like Alpaca (422), then 422 duplicate / 403 buying power / accept. */
  private placeOrder(body: unknown, fate?: StoredOrder['fate']): Order {
    const invalid = (message: string) => new HttpError(422, ALPACA_CODES.invalid, message);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw invalid('request body must be a JSON object');
    const input = body as Record<string, unknown>;
    const unknown = Object.keys(input).filter(
      (k) => !ORDER_FIELDS.has(k as keyof OrderRequestBody),
    );
    if (unknown.length) throw invalid(`unknown field(s): ${unknown.join(', ')}`);
    for (const field of ['symbol', 'side', 'type', 'time_in_force']) {
      if (input[field] === undefined || input[field] === null || input[field] === '')
        throw invalid(`${field} is required`);
      if (typeof input[field] !== 'string') throw invalid(`${field} must be a string`);
    }
    const symbol = input.symbol as string;
    const side = input.side as string;
    if (side !== 'buy' && side !== 'sell') throw invalid('side must be buy or sell');
    if (input.type !== 'market') throw invalid('the sandbox supports market orders only');
    if (input.time_in_force !== 'day')
      throw invalid('the sandbox supports time_in_force "day" only');
    for (const field of ['qty', 'notional', 'client_order_id']) {
      if (input[field] !== undefined && input[field] !== null && typeof input[field] !== 'string')
        throw invalid(`${field} must be a string`);
    }
    const hasQty = typeof input.qty === 'string' && input.qty !== '';
    const hasNotional = typeof input.notional === 'string' && input.notional !== '';
    if (!hasQty && !hasNotional) throw invalid('qty or notional is required');
    if (hasQty && hasNotional) throw invalid('qty and notional cannot both be given');
    const amount = (hasQty ? input.qty : input.notional) as string;
    if (!DECIMAL.test(amount) || toUnits(amount) <= 0n)
      throw invalid(`${hasQty ? 'qty' : 'notional'} must be a positive decimal`);
    if (hasNotional && !/^\d+(\.\d{1,2})?$/.test(amount))
      throw invalid('notional must have at most 2 decimal places');
    const clientOrderId =
      typeof input.client_order_id === 'string' && input.client_order_id
        ? input.client_order_id
        : randomUUID();
    if (clientOrderId.length > 128)
      throw invalid('client_order_id must be no more than 128 characters');

    log(this.received, { clientOrderId, symbol, side, at: Date.now(), accepted: false });
    if (this.orders.some((o) => o.client_order_id === clientOrderId))
      throw invalid('client_order_id must be unique');
    const asset = this.assets.get(symbol);
    if (!asset) throw invalid(`asset "${symbol}" not found`);
    if (!asset.tradable) throw invalid(`asset ${symbol} is not tradable`);
    if (hasQty && !asset.fractionable && toUnits(amount) % SCALE !== 0n)
      throw invalid(`fractional orders are not supported for ${symbol} (not fractionable)`);
    if (hasNotional && !asset.fractionable)
      throw invalid(`notional orders are not supported for ${symbol} (not fractionable)`);
    const price = toUnits(this.priceOf(symbol));
    const notional = hasNotional ? toUnits(amount) : mulDiv(toUnits(amount), price, SCALE);
    if (side === 'buy' && notional > this.buyingPower())
      throw new HttpError(403, ALPACA_CODES.insufficientBuyingPower, 'insufficient buying power');
    if (side === 'sell') {
      const available = this.qtyAvailable(symbol);
      const qty = hasQty ? toUnits(amount) : mulDiv(notional, SCALE, price);
      if (qty > available)
        throw new HttpError(
          403,
          ALPACA_CODES.insufficientBuyingPower,
          `insufficient qty available for order (requested: ${fromUnits(qty)}, available: ${fromUnits(available > 0n ? available : 0n)})`,
        );
    }
    const now = this.now().toISOString();
    const order = {
      id: randomUUID(),
      client_order_id: clientOrderId,
      created_at: now,
      updated_at: now,
      submitted_at: now,
      filled_at: null,
      expired_at: null,
      canceled_at: null,
      failed_at: null,
      replaced_at: null,
      replaced_by: null,
      replaces: null,
      asset_id: assetId(symbol),
      symbol,
      asset_class: 'us_equity',
      notional: hasNotional ? amount : null,
      qty: hasQty ? amount : null,
      filled_qty: '0',
      filled_avg_price: null,
      order_class: 'simple',
      order_type: 'market',
      type: 'market',
      side,
      time_in_force: 'day',
      limit_price: null,
      stop_price: null,
      status: 'accepted',
      extended_hours: false,
      legs: null,
      trail_percent: null,
      trail_price: null,
      hwm: null,
      position_intent: side === 'buy' ? 'buy_to_open' : 'sell_to_close',
      acceptedAt: Date.now(),
      filledPrice: this.priceOf(symbol),
      fate,
    } as unknown as StoredOrder;
    this.orders.push(order);
    this.received[this.received.length - 1].accepted = true;
    this.settle();
    return this.publicOrder(order);
  }

  /**
   * Moves accepted orders along while the market is open: an order fills once the fill delay has
   * elapsed, unless a fate (fault) says otherwise: filled later, partly, canceled or expired.
   */
  private settle(): void {
    if (!this.isOpen()) return;
    const now = Date.now();
    for (const order of this.orders) {
      if (!OPEN_STATUSES.has(order.status!)) continue;
      const age = now - order.acceptedAt;
      const fate = order.fate;
      if (!fate) {
        if (age >= this.fillDelayMs) this.fill(order, this.orderQty(order));
        continue;
      }
      const due = age >= fate.delayMs;
      if (fate.kind === 'slow-fill' && due) this.fill(order, this.orderQty(order));
      else if (fate.kind === 'broker-cancel' && due) this.cancel(order);
      else if (fate.kind === 'expire' && due) this.close(order, 'expired');
      else if (fate.kind === 'partial-fill') {
        const total = this.orderQty(order);
        if (due) this.fill(order, total);
        else if (order.status === 'accepted') {
          let part = mulDiv(total, BigInt(Math.round(fate.fraction * 1e9)), SCALE);
          if (!this.assets.get(order.symbol!)!.fractionable) part -= part % SCALE;
          if (part > 0n) this.fill(order, part);
        }
      }
    }
  }

  /** The order's quantity in shares (a notional order: at its symbol's fill price). */
  private orderQty(order: StoredOrder): bigint {
    return order.qty
      ? toUnits(order.qty)
      : mulDiv(toUnits(order.notional!), SCALE, toUnits(order.filledPrice));
  }

  /** Fills the order up to `upTo` shares in total (the whole order: `filled`, else `partially_filled`). */
  private fill(order: StoredOrder, upTo: bigint): void {
    const price = toUnits(order.filledPrice);
    const already = toUnits(order.filled_qty ?? '0');
    const qty = upTo - already;
    if (qty <= 0n) return;
    const notional = mulDiv(qty, price, SCALE);
    const held = this.positions.get(order.symbol!) ?? 0n;
    this.recordFill(order.symbol!, order.side === 'buy' ? 'buy' : 'sell', qty, notional, held);
    if (order.side === 'buy') {
      this.cash -= notional;
      this.positions.set(order.symbol!, held + qty);
    } else {
      this.cash += notional;
      const left = held - qty;
      if (left > 0n) this.positions.set(order.symbol!, left);
      else this.positions.delete(order.symbol!);
    }
    const at = this.now().toISOString();
    const complete = upTo >= this.orderQty(order);
    Object.assign(order, {
      status: complete ? 'filled' : 'partially_filled',
      filled_qty: fromUnits(upTo),
      filled_avg_price: order.filledPrice,
      ...(complete ? { filled_at: at } : {}),
      updated_at: at,
    });
  }

  /** For the portfolio history and the positions' cost basis (sandbox-market.ts). */
  private recordFill(
    symbol: string,
    side: 'buy' | 'sell',
    qty: bigint,
    notional: bigint,
    held: bigint,
  ): void {
    log(this.fills, { symbol, side, qty, notional, at: this.now().getTime() });
    const cost =
      this.costBasis.get(symbol) ?? mulDiv(held, toUnits(this.assets.get(symbol)!.price), SCALE);
    this.costBasis.set(
      symbol,
      side === 'buy' ? cost + notional : held === 0n ? 0n : cost - mulDiv(cost, qty, held),
    );
  }

  private portfolioHistory(params: URLSearchParams) {
    try {
      return this.market.history(
        {
          now: this.now(),
          mode: this.mode,
          cash: this.cash,
          positions: this.positions,
          fills: this.fills,
          basePrice: (symbol) => this.assets.get(symbol)?.price ?? '0',
        },
        params,
      );
    } catch (error) {
      if (error instanceof SandboxHistoryError)
        throw new HttpError(422, ALPACA_CODES.invalid, error.message);
      throw error;
    }
  }

  /** An order the broker ends itself (canceled or expired), whatever part of it filled kept. */
  private close(order: Order, status: 'canceled' | 'expired'): void {
    const at = this.now().toISOString();
    Object.assign(order, {
      status,
      [status === 'canceled' ? 'canceled_at' : 'expired_at']: at,
      updated_at: at,
    });
  }

  private cancel(order: Order): void {
    this.close(order, 'canceled');
  }

  private listOrders(params: URLSearchParams): Order[] {
    const status = params.get('status') ?? 'open';
    if (!['open', 'closed', 'all'].includes(status))
      throw new HttpError(422, ALPACA_CODES.invalid, 'status must be open, closed or all');
    const direction = params.get('direction') ?? 'desc';
    if (direction !== 'asc' && direction !== 'desc')
      throw new HttpError(422, ALPACA_CODES.invalid, 'direction must be asc or desc');
    const limit = Number(params.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new HttpError(422, ALPACA_CODES.invalid, 'limit must be an integer from 1 to 500');
    const after = params.get('after');
    const afterMs = after ? Date.parse(after) : null;
    if (after && Number.isNaN(afterMs))
      throw new HttpError(422, ALPACA_CODES.invalid, 'after must be a timestamp');
    const matching = this.orders
      .filter((o) =>
        status === 'all'
          ? true
          : status === 'open'
            ? OPEN_STATUSES.has(o.status!)
            : !OPEN_STATUSES.has(o.status!),
      )
      .filter((o) => afterMs === null || Date.parse(o.submitted_at!) > afterMs);
    if (direction === 'desc') matching.reverse();
    return matching.slice(0, limit).map((o) => this.publicOrder(o));
  }

  private publicOrder(order: Order & { acceptedAt?: number; filledPrice?: string }): Order {
    const { acceptedAt: _a, filledPrice: _p, fate: _f, ...rest } = order as StoredOrder;
    return rest as Order;
  }
}

/** The route of a path as the spec names it (path parameters as templates). */
function routeTemplate(pathname: string): string {
  return pathname
    .replace(/^\/v2\/orders\/[^/:]+$/, '/v2/orders/{order_id}')
    .replace(/^\/v2\/assets\/[^/]+$/, '/v2/assets/{symbol_or_asset_id}');
}

function nextSessionAfter(date: string): string {
  const from = DateTime.fromISO(date, { zone: NEW_YORK });
  for (let d = from.plus({ days: 1 }), i = 0; i < 15; d = d.plus({ days: 1 }), i++) {
    if (sessionOn(d.toISODate()!)) return d.toISODate()!;
  }
  return date;
}

function assetId(symbol: string): string {
  const hex = Buffer.from(symbol.padEnd(16, '_')).toString('hex').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function log<T>(entries: T[], entry: T): void {
  entries.push(entry);
  if (entries.length > MAX_LOG_ENTRIES) entries.splice(0, entries.length - MAX_LOG_ENTRIES);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (req.method === 'GET' || req.method === 'DELETE') return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 40010000, 'malformed JSON body');
  }
}

export interface RunningSandbox {
  url: string;
  port: number;
  /** The control surface: clock, mode, faults, rate limit, seeding, what was received. */
  control: SandboxBroker;
  /** Same object as `control` (older name). */
  broker: SandboxBroker;
  /** Stops listening and drops open connections (including requests held by a timeout fault). */
  close(): Promise<void>;
}

/** Starts the sandbox on 127.0.0.1 (port 0 = any free port). */
export async function startSandboxServer(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const broker = new SandboxBroker(options);
  const server = createServer((req, res) => {
    broker.handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    control: broker,
    broker,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

export { sessionOn };
