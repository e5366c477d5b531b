import { SandboxClock, type ClockSetting, type SandboxMode } from './clock';
import { Exchange, type SandboxAsset } from './exchange';
import { ExchangeViews } from './exchange-views';
import { FaultSchedule } from './faults';
import { RateLimit } from './rate-limit';
import { SandboxMarket } from './sandbox-market';
import { Traffic } from './traffic';

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
  keys?: KeyPair;
  /** Starting clock: a fixed instant (ISO) or an offset from the host clock. Default: the host clock. */
  clock?: ClockSetting;
  /** Prices move through the day (sandbox-market.ts); default: fixed at each asset's price. */
  movingPrices?: boolean;
}

export interface KeyPair {
  keyId: string;
  secretKey: string;
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

/**
 * One sandbox's parts, shared by the HTTP server (which answers from them) and the control facade
 * (which tests and demos drive them through).
 */
export interface SandboxState {
  clock: SandboxClock;
  exchange: Exchange;
  views: ExchangeViews;
  faults: FaultSchedule;
  rateLimit: RateLimit;
  traffic: Traffic;
  /** The only key pair accepted (null: any non-empty pair), and the latency added to answers. */
  access: { keys: KeyPair | null; latencyMs: number };
}

export function createSandboxState(options: SandboxOptions = {}): SandboxState {
  const clock = new SandboxClock(options.mode ?? 'nyse');
  if (options.clock) clock.set(options.clock);
  const market = new SandboxMarket(options.movingPrices ?? false);
  const exchange = new Exchange(clock, market, options.fillDelayMs ?? 0, options.cash ?? '100000');
  for (const asset of options.assets ?? DEFAULT_ASSETS) exchange.addAsset(asset);
  for (const [symbol, qty] of Object.entries(options.positions ?? {}))
    exchange.setPosition(symbol, qty);
  return {
    clock,
    exchange,
    views: new ExchangeViews(exchange, clock),
    faults: new FaultSchedule(),
    rateLimit: new RateLimit(
      options.rateLimitPerMinute ?? 10_000,
      options.rateLimitWindowMs ?? 60_000,
    ),
    traffic: new Traffic(),
    access: { keys: options.keys ?? null, latencyMs: options.latencyMs ?? 0 },
  };
}
