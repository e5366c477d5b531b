import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { components } from '../trading/broker/alpaca-api';
import { clockAt, NEW_YORK, newYorkDate, sessionOn, sessionsBetween } from './nyse-calendar';

type Order = components['schemas']['Order'];
type Position = components['schemas']['Position'];
type Asset = components['schemas']['Assets'];
type Account = components['schemas']['Account'];

export type SandboxMode = 'nyse' | 'always-open';

export interface SandboxAsset {
  symbol: string;
  /** Deterministic fill price, decimal string. */
  price: string;
  tradable?: boolean;
  fractionable?: boolean;
}

export type FaultKind =
  'status-500' | 'status-503' | 'rate-limit' | 'timeout' | 'delay' | 'accept-then-fail';

export interface Fault {
  /** e.g. 'POST /v2/orders', 'GET /v2/clock'; '*' matches every route. */
  route: string;
  kind: FaultKind;
  /** How many requests it applies to (default 1); Infinity for all. */
  times?: number;
  delayMs?: number;
  /** For rate-limit: seconds until X-RateLimit-Reset. */
  resetInSeconds?: number;
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  mode?: SandboxMode;
  /** Requests per minute before 429 (default 10,000). */
  rateLimitPerMinute?: number;
  /** Added to every response (simulated network + broker latency). */
  latencyMs?: number;
  cash?: string;
  assets?: SandboxAsset[];
  /** Orders stay `accepted` this long before they fill (default 0: fill at once while open). */
  fillDelayMs?: number;
}

export interface ReceivedOrder {
  clientOrderId: string;
  symbol: string;
  side: string;
  at: number;
  accepted: boolean;
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

const ORDER_FIELDS = new Set([
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

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An Alpaca-compatible trading API for local runs and tests: NYSE hours and holidays (or always
 * open), account, assets, positions and orders with a realistic life cycle, Alpaca's error codes,
 * a rate limit with X-RateLimit-* headers, and injectable faults.
 */
export class SandboxBroker {
  mode: SandboxMode;
  rateLimitPerMinute: number;
  latencyMs: number;
  fillDelayMs: number;
  private clock: { fixed?: Date; offsetMs: number } = { offsetMs: 0 };
  private cash: bigint;
  private readonly assets = new Map<string, Required<SandboxAsset>>();
  private readonly positions = new Map<string, bigint>();
  private readonly orders: (Order & { acceptedAt: number; filledPrice: string })[] = [];
  private faults: (Fault & { remaining: number })[] = [];
  private window = { startedAt: 0, count: 0 };
  readonly received: ReceivedOrder[] = [];
  readonly requests: { method: string; route: string; status: number; at: number }[] = [];
  /** Every request that arrived, answered or not (a timeout fault never answers). */
  readonly arrivals: { route: string; at: number }[] = [];

  constructor(options: SandboxOptions = {}) {
    this.mode = options.mode ?? 'nyse';
    this.rateLimitPerMinute = options.rateLimitPerMinute ?? 10_000;
    this.latencyMs = options.latencyMs ?? 0;
    this.fillDelayMs = options.fillDelayMs ?? 0;
    this.cash = toUnits(options.cash ?? '100000');
    for (const asset of options.assets ?? DEFAULT_ASSETS) this.addAsset(asset);
  }

  // ---- control (tests, demo) ----
  now(): Date {
    return this.clock.fixed
      ? new Date(this.clock.fixed.getTime())
      : new Date(Date.now() + this.clock.offsetMs);
  }
  setClock(clock: { at?: string | Date; offsetMs?: number }): void {
    this.clock = clock.at
      ? { fixed: new Date(clock.at), offsetMs: 0 }
      : { offsetMs: clock.offsetMs ?? 0 };
  }
  addAsset(asset: SandboxAsset): void {
    this.assets.set(asset.symbol, { tradable: true, fractionable: true, ...asset });
  }
  setCash(cash: string): void {
    this.cash = toUnits(cash);
  }
  setPosition(symbol: string, qty: string): void {
    if (toUnits(qty) === 0n) this.positions.delete(symbol);
    else this.positions.set(symbol, toUnits(qty));
  }
  inject(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }
  clearFaults(): void {
    this.faults = [];
  }
  orderCount(): number {
    return this.orders.length;
  }
  ordersByClientId(clientOrderId: string): Order[] {
    return this.orders.filter((o) => o.client_order_id === clientOrderId);
  }

  /** Whether the market is open at the sandbox's "now". */
  isOpen(): boolean {
    return this.mode === 'always-open' || clockAt(this.now()).is_open;
  }

  // ---- HTTP ----
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const route = `${req.method} ${url.pathname.replace(/\/v2\/orders\/[^/:]+$/, '/v2/orders/{id}').replace(/\/v2\/assets\/[^/]+$/, '/v2/assets/{symbol}')}`;
    this.arrivals.push({ route, at: Date.now() });
    const body = await readBody(req);
    const reply = async (
      status: number,
      payload: unknown,
      headers: Record<string, string> = {},
    ) => {
      if (this.latencyMs) await sleep(this.latencyMs);
      this.requests.push({ method: req.method ?? '', route, status, at: Date.now() });
      const text = payload === undefined ? '' : JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': 'application/json',
        ...this.rateHeaders(),
        ...headers,
      });
      res.end(text);
    };
    try {
      if (!req.headers['apca-api-key-id'] || !req.headers['apca-api-secret-key']) {
        throw new HttpError(401, 40110000, 'request is not authorized');
      }
      if (this.overRateLimit()) {
        return reply(429, { code: 42910000, message: 'rate limit exceeded' });
      }
      const fault = this.takeFault(route);
      if (fault?.kind === 'timeout') return; // never answer; the client's timeout fires
      if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 1000);
      if (fault?.kind === 'status-500')
        return reply(500, { code: 50010000, message: 'internal server error' });
      if (fault?.kind === 'status-503')
        return reply(503, { code: 50310000, message: 'service unavailable' });
      if (fault?.kind === 'rate-limit') {
        const reset = Math.ceil(Date.now() / 1000) + (fault.resetInSeconds ?? 1);
        return reply(
          429,
          { code: 42910000, message: 'rate limit exceeded' },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        );
      }
      const [status, payload] = this.route(route, url, body);
      if (fault?.kind === 'accept-then-fail') {
        // The order was accepted and stored; the client hears a 500 and must look it up.
        return reply(500, { code: 50010000, message: 'internal server error' });
      }
      return reply(status, payload);
    } catch (error) {
      if (error instanceof HttpError)
        return reply(error.status, { code: error.code, message: error.message });
      return reply(500, {
        code: 50010000,
        message: error instanceof Error ? error.message : 'internal error',
      });
    }
  }

  private rateHeaders(): Record<string, string> {
    const reset = Math.ceil((this.window.startedAt + 60_000) / 1000);
    return {
      'x-ratelimit-limit': String(this.rateLimitPerMinute),
      'x-ratelimit-remaining': String(Math.max(0, this.rateLimitPerMinute - this.window.count)),
      'x-ratelimit-reset': String(reset),
    };
  }

  private overRateLimit(): boolean {
    const now = Date.now();
    if (now - this.window.startedAt >= 60_000) this.window = { startedAt: now, count: 0 };
    this.window.count++;
    return this.window.count > this.rateLimitPerMinute;
  }

  private takeFault(route: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (f.route === route || f.route === '*'),
    );
    if (fault) fault.remaining--;
    return fault;
  }

  private route(route: string, url: URL, body: unknown): [number, unknown] {
    this.settle();
    switch (route) {
      case 'GET /v2/clock':
        return [200, this.clockNow()];
      case 'GET /v2/calendar':
        return [200, this.calendar(url.searchParams.get('start'), url.searchParams.get('end'))];
      case 'GET /v2/account':
        return [200, this.account()];
      case 'GET /v2/positions':
        return [200, [...this.positions.keys()].map((s) => this.position(s))];
      case 'GET /v2/assets':
        return [200, [...this.assets.keys()].map((s) => this.asset(s))];
      case 'GET /v2/assets/{symbol}': {
        const symbol = decodeURIComponent(url.pathname.split('/').pop()!);
        if (!this.assets.has(symbol))
          throw new HttpError(404, 40410000, `asset not found for ${symbol}`);
        return [200, this.asset(symbol)];
      }
      case 'POST /v2/orders':
        return [200, this.placeOrder(body)];
      case 'GET /v2/orders':
        return [200, this.listOrders(url.searchParams)];
      case 'GET /v2/orders:by_client_order_id': {
        const id = url.searchParams.get('client_order_id');
        const order = this.orders.find((o) => o.client_order_id === id);
        if (!order) throw new HttpError(404, 40410000, 'order not found');
        return [200, this.publicOrder(order)];
      }
      case 'GET /v2/orders/{id}': {
        const order = this.orders.find((o) => o.id === url.pathname.split('/').pop());
        if (!order) throw new HttpError(404, 40410000, 'order not found');
        return [200, this.publicOrder(order)];
      }
      case 'DELETE /v2/orders/{id}': {
        const order = this.orders.find((o) => o.id === url.pathname.split('/').pop());
        if (!order) throw new HttpError(404, 40410000, 'order not found');
        if (!['new', 'accepted', 'partially_filled'].includes(order.status!))
          throw new HttpError(422, 42210000, `order is already in "${order.status}" state`);
        this.cancel(order);
        return [204, undefined];
      }
      case 'DELETE /v2/orders': {
        const open = this.orders.filter((o) =>
          ['new', 'accepted', 'partially_filled'].includes(o.status!),
        );
        open.forEach((o) => this.cancel(o));
        return [207, open.map((o) => ({ id: o.id, status: 200 }))];
      }
      default:
        throw new HttpError(404, 40410000, `route not found: ${route}`);
    }
  }

  private clockNow() {
    const now = this.now();
    if (this.mode === 'always-open') {
      const ny = DateTime.fromJSDate(now).setZone(NEW_YORK);
      return {
        timestamp: ny.toISO(),
        is_open: true,
        next_open: ny.plus({ days: 1 }).startOf('minute').toISO({ suppressMilliseconds: true }),
        next_close: ny.plus({ hours: 6 }).startOf('minute').toISO({ suppressMilliseconds: true }),
      };
    }
    return clockAt(now);
  }

  private calendar(start: string | null, end: string | null) {
    const today = newYorkDate(this.now());
    const from = (start ?? today).slice(0, 10);
    const to = (end ?? from).slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to))
      throw new HttpError(400, 40010000, 'start and end must be YYYY-MM-DD');
    if (this.mode === 'always-open') {
      // Demo mode: every day in range is a session that opened a minute before "now".
      const ny = DateTime.fromJSDate(this.now()).setZone(NEW_YORK).minus({ minutes: 1 });
      const days: string[] = [];
      for (
        let d = DateTime.fromISO(from, { zone: NEW_YORK });
        d.toISODate()! <= to && days.length < 400;
        d = d.plus({ days: 1 })
      )
        days.push(d.toISODate()!);
      return days.map((date) => ({
        date,
        open: ny.toFormat('HH:mm'),
        close: '23:59',
        session_open: '0400',
        session_close: '2000',
        settlement_date: date,
      }));
    }
    return sessionsBetween(from, to).map((s) => ({
      date: s.date,
      open: s.open,
      close: s.close,
      session_open: '0400',
      session_close: s.close === '16:00' ? '2000' : '1700',
      settlement_date:
        sessionsBetween(
          DateTime.fromISO(s.date).plus({ days: 1 }).toISODate()!,
          DateTime.fromISO(s.date).plus({ days: 10 }).toISODate()!,
        )[0]?.date ?? s.date,
    }));
  }

  private marketValue(symbol: string): bigint {
    return mulDiv(
      this.positions.get(symbol) ?? 0n,
      toUnits(this.assets.get(symbol)?.price ?? '0'),
      SCALE,
    );
  }

  private account(): Account {
    const longValue = [...this.positions.keys()].reduce((sum, s) => sum + this.marketValue(s), 0n);
    const equity = this.cash + longValue;
    return {
      id: '00000000-0000-4000-8000-000000000001',
      account_number: 'SANDBOX01',
      status: 'ACTIVE',
      currency: 'USD',
      cash: fromUnits(this.cash, 2),
      buying_power: fromUnits(this.cash > 0n ? this.cash : 0n, 2),
      non_marginable_buying_power: fromUnits(this.cash > 0n ? this.cash : 0n, 2),
      equity: fromUnits(equity, 2),
      last_equity: fromUnits(equity, 2),
      portfolio_value: fromUnits(equity, 2),
      long_market_value: fromUnits(longValue, 2),
      short_market_value: '0',
      pattern_day_trader: false,
      trading_blocked: false,
      transfers_blocked: false,
      account_blocked: false,
      trade_suspended_by_user: false,
      shorting_enabled: false,
      multiplier: '1',
      created_at: '2025-01-02T14:30:00Z',
    } as Account;
  }

  private position(symbol: string): Position {
    const qty = this.positions.get(symbol)!;
    const price = this.assets.get(symbol)!.price;
    const value = fromUnits(this.marketValue(symbol), 2);
    return {
      asset_id: assetId(symbol),
      symbol,
      exchange: 'ARCA',
      asset_class: 'us_equity',
      avg_entry_price: price,
      qty: fromUnits(qty),
      qty_available: fromUnits(qty),
      side: 'long',
      market_value: value,
      cost_basis: value,
      unrealized_pl: '0',
      unrealized_plpc: '0',
      unrealized_intraday_pl: '0',
      unrealized_intraday_plpc: '0',
      current_price: price,
      lastday_price: price,
      change_today: '0',
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

  private placeOrder(body: unknown): Order {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new HttpError(422, 40010001, 'request body must be a JSON object');
    const input = body as Record<string, unknown>;
    const unknown = Object.keys(input).filter((k) => !ORDER_FIELDS.has(k));
    if (unknown.length)
      throw new HttpError(422, 40010001, `unknown field(s): ${unknown.join(', ')}`);
    for (const field of ['symbol', 'side', 'type', 'time_in_force']) {
      if (typeof input[field] !== 'string' || !input[field])
        throw new HttpError(422, 40010001, `${field} is required`);
    }
    const symbol = input.symbol as string;
    const side = input.side as string;
    if (side !== 'buy' && side !== 'sell')
      throw new HttpError(422, 40010001, 'side must be buy or sell');
    if (input.type !== 'market')
      throw new HttpError(422, 40010001, 'only market orders are supported by the sandbox');
    if (input.time_in_force !== 'day')
      throw new HttpError(422, 40010001, 'notional orders require time_in_force day');
    const hasQty = typeof input.qty === 'string' && input.qty !== '';
    const hasNotional = typeof input.notional === 'string' && input.notional !== '';
    if (hasQty === hasNotional)
      throw new HttpError(422, 40010001, 'qty or notional is required, not both');
    const amount = (hasQty ? input.qty : input.notional) as string;
    if (!/^\d+(\.\d+)?$/.test(amount) || toUnits(amount) <= 0n)
      throw new HttpError(
        422,
        40010001,
        `${hasQty ? 'qty' : 'notional'} must be a positive decimal string`,
      );
    const clientOrderId =
      typeof input.client_order_id === 'string' && input.client_order_id
        ? input.client_order_id
        : randomUUID();
    if (clientOrderId.length > 128)
      throw new HttpError(422, 40010001, 'client_order_id must be no more than 128 characters');
    this.received.push({ clientOrderId, symbol, side, at: Date.now(), accepted: false });
    if (this.orders.some((o) => o.client_order_id === clientOrderId))
      throw new HttpError(422, 40010001, 'client_order_id must be unique');
    const asset = this.assets.get(symbol);
    if (!asset) throw new HttpError(422, 40010001, `asset "${symbol}" not found`);
    if (!asset.tradable) throw new HttpError(422, 40010001, `asset ${symbol} is not tradable`);
    if (hasQty && !asset.fractionable && toUnits(amount) % SCALE !== 0n)
      throw new HttpError(422, 40010001, `fractional orders are not supported for ${symbol}`);
    if (hasNotional && !asset.fractionable)
      throw new HttpError(
        422,
        40010001,
        `notional orders are not supported for ${symbol} (not fractionable)`,
      );
    const price = toUnits(asset.price);
    const notional = hasNotional ? toUnits(amount) : mulDiv(toUnits(amount), price, SCALE);
    if (side === 'buy' && notional > this.cash)
      throw new HttpError(403, 40310000, 'insufficient buying power');
    if (side === 'sell') {
      const held = this.positions.get(symbol) ?? 0n;
      const qty = hasQty ? toUnits(amount) : mulDiv(notional, SCALE, price);
      if (qty > held)
        throw new HttpError(
          403,
          40310000,
          `insufficient qty available for order (requested: ${fromUnits(qty)}, available: ${fromUnits(held)})`,
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
      filledPrice: asset.price,
    } as unknown as Order & { acceptedAt: number; filledPrice: string };
    this.orders.push(order);
    this.received[this.received.length - 1].accepted = true;
    this.settle();
    return this.publicOrder(order);
  }

  /** Fills accepted orders whose time has come (market open, fill delay elapsed). */
  private settle(): void {
    if (!this.isOpen()) return;
    const now = Date.now();
    for (const order of this.orders) {
      if (order.status !== 'accepted' || now - order.acceptedAt < this.fillDelayMs) continue;
      const price = toUnits(order.filledPrice);
      const qty = order.qty ? toUnits(order.qty) : mulDiv(toUnits(order.notional!), SCALE, price);
      const notional = mulDiv(qty, price, SCALE);
      const held = this.positions.get(order.symbol!) ?? 0n;
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
      Object.assign(order, {
        status: 'filled',
        filled_qty: fromUnits(qty),
        filled_avg_price: order.filledPrice,
        filled_at: at,
        updated_at: at,
      });
    }
  }

  private cancel(order: Order): void {
    const at = this.now().toISOString();
    Object.assign(order, { status: 'canceled', canceled_at: at, updated_at: at });
  }

  private listOrders(params: URLSearchParams): Order[] {
    const status = params.get('status') ?? 'open';
    const after = params.get('after');
    const limit = Math.min(500, Number(params.get('limit') ?? 50) || 50);
    const open = (o: Order) =>
      ['new', 'accepted', 'partially_filled', 'pending_new'].includes(o.status!);
    return this.orders
      .filter((o) => (status === 'all' ? true : status === 'open' ? open(o) : !open(o)))
      .filter((o) => !after || o.submitted_at! > after)
      .slice()
      .reverse()
      .slice(0, limit)
      .map((o) => this.publicOrder(o));
  }

  private publicOrder(order: Order & { acceptedAt?: number; filledPrice?: string }): Order {
    const { acceptedAt: _a, filledPrice: _p, ...rest } = order;
    return rest as Order;
  }
}

function assetId(symbol: string): string {
  const hex = Buffer.from(symbol.padEnd(16, '_')).toString('hex').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'DELETE') {
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
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
  broker: SandboxBroker;
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
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    broker,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export { sessionOn };
