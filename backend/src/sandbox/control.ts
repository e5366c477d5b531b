import type { components } from '../trading/broker/alpaca-api';
import { parseDecimal } from '../trading/planner/decimal';
import type { ClockSetting, SandboxMode } from './clock';
import type { AccountState, SandboxAsset } from './exchange';
import type { Fault } from './faults';
import type { SandboxMarket } from './sandbox-market';
import type { KeyPair, SandboxState } from './sandbox-state';
import type { Arrival, ReceivedOrder, RequestRecord } from './traffic';

type Order = components['schemas']['Order'];

/**
 * The sandbox's control surface for tests, the bench and demos (`RunningSandbox.control`): the
 * clock and mode, the rate limit, latency and fill delay, keys, seeding (assets, prices, cash,
 * positions, account flags), faults, and what the sandbox received and answered.
 */
export class SandboxControl {
  constructor(private readonly state: SandboxState) {}

  // ---- clock and mode ----

  /** The sandbox's "now": what GET /v2/clock reports and what decides fills. */
  now(): Date {
    return this.state.clock.now();
  }
  /** Fix the clock at an instant, or run it at an offset from the host clock ({} = host clock). */
  setClock(clock: ClockSetting): void {
    this.state.clock.set(clock);
  }
  get mode(): SandboxMode {
    return this.state.clock.mode;
  }
  set mode(mode: SandboxMode) {
    this.state.clock.mode = mode;
  }
  setMode(mode: SandboxMode): void {
    this.mode = mode;
  }
  /** Whether the market is open at the sandbox's "now". */
  isOpen(): boolean {
    return this.state.clock.isOpen();
  }

  // ---- the wire: keys, rate limit, latency, fill delay ----

  /** Accept only this key pair (null: any non-empty pair, the default). */
  setKeys(keys: KeyPair | null): void {
    this.state.access.keys = keys;
  }
  /** Requests allowed per rate-limit window (per minute unless rateLimitWindowMs says otherwise). */
  get rateLimitPerMinute(): number {
    return this.state.rateLimit.limit;
  }
  set rateLimitPerMinute(limit: number) {
    this.state.rateLimit.limit = limit;
  }
  get rateLimitWindowMs(): number {
    return this.state.rateLimit.windowMs;
  }
  set rateLimitWindowMs(windowMs: number) {
    this.state.rateLimit.windowMs = windowMs;
  }
  /**
   * At most `limit` requests per window (default: a minute) before 429. Windows are fixed: one
   * starts at the first request after the previous one ended. Starts a fresh window.
   */
  setRateLimit(limit: number, windowMs = 60_000): void {
    this.state.rateLimit.set(limit, windowMs);
  }
  get latencyMs(): number {
    return this.state.access.latencyMs;
  }
  set latencyMs(ms: number) {
    this.state.access.latencyMs = ms;
  }
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }
  get fillDelayMs(): number {
    return this.state.exchange.fillDelayMs;
  }
  set fillDelayMs(ms: number) {
    this.state.exchange.fillDelayMs = ms;
  }
  setFillDelay(ms: number): void {
    this.fillDelayMs = ms;
  }

  // ---- seeding ----

  addAsset(asset: SandboxAsset): void {
    this.state.exchange.addAsset(asset);
  }
  /** The deterministic fill price of a symbol (for orders accepted from now on). */
  setPrice(symbol: string, price: string): void {
    this.state.exchange.setPrice(symbol, price);
  }
  /** Account flags (e.g. trading blocked, or a status other than ACTIVE, for health checks). */
  setAccount(state: Partial<AccountState>): void {
    const { exchange } = this.state;
    exchange.accountState = { ...exchange.accountState, ...state };
  }
  setCash(cash: string): void {
    this.state.exchange.cash = parseDecimal(cash);
  }
  setPosition(symbol: string, qty: string): void {
    this.state.exchange.setPosition(symbol, qty);
  }
  /** Moving prices and portfolio history (sandbox-market.ts); fills feed the history. */
  get market(): SandboxMarket {
    return this.state.exchange.market;
  }

  /**
   * Starts the account over: no orders, faults or records; cash and positions as given; a fresh
   * rate-limit window. Assets, mode, clock, keys, latency and fill delay are kept.
   */
  resetAccount(state: { cash?: string; positions?: Record<string, string> } = {}): void {
    this.state.faults.clear();
    this.state.traffic.clear();
    this.state.rateLimit.reset();
    this.state.exchange.reset(state);
  }

  // ---- faults ----

  inject(fault: Fault): void {
    this.state.faults.inject(fault);
  }
  clearFaults(): void {
    this.state.faults.clear();
  }

  // ---- orders ----

  /**
   * The close: every open order expires (a `day` order left unfilled at the close expires, with
   * whatever part of it already filled kept).
   */
  expireOpenOrders(): void {
    this.state.exchange.expireOpenOrders();
  }
  /** Every stored order as GET /v2/orders shows it (after settling what is due). */
  allOrders(): Order[] {
    return this.state.exchange.allOrders();
  }
  orderCount(): number {
    return this.state.exchange.orderCount();
  }
  ordersByClientId(clientOrderId: string): Order[] {
    return this.state.exchange.ordersByClientId(clientOrderId);
  }
  /** client_order_ids of every order the sandbox stored, in arrival order. */
  acceptedClientOrderIds(): string[] {
    return this.state.exchange.acceptedClientOrderIds();
  }

  // ---- what reached the sandbox ----

  /** Every POST /v2/orders that passed request validation, accepted or refused. */
  get received(): ReceivedOrder[] {
    return this.state.traffic.received;
  }
  /** Every answered request. */
  get requests(): RequestRecord[] {
    return this.state.traffic.requests;
  }
  /** Every request that arrived, answered or not (a timeout fault never answers), with its outcome. */
  get arrivals(): Arrival[] {
    return this.state.traffic.arrivals;
  }
  /** Requests refused with 429 by the rate limit (faults not counted). */
  get rateLimited(): { route: string; at: number }[] {
    return this.state.traffic.rateLimited;
  }
  /** Answered requests, optionally for one route ('GET /v2/clock'). */
  requestCount(route?: string): number {
    const { requests } = this.state.traffic;
    return route ? requests.filter((r) => r.route === route).length : requests.length;
  }
  /** Requests still being processed (arrived, not yet answered or dropped by a timeout fault). */
  inFlight(): number {
    return this.state.traffic.processing;
  }
}
