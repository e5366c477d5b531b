import { DateTime } from 'luxon';
import {
  dollars,
  formatDecimal,
  multiply,
  parseDecimal,
  type Fixed,
} from '../trading/planner/decimal';
import type { SandboxMode } from './clock';
import { NEW_YORK, sessionsBetween } from './nyse-calendar';

/**
 * The sandbox's market: prices that move through the day (for `npm start`, so the admin's charts
 * live) and the account's portfolio history (`GET /v2/account/portfolio/history`).
 *
 * Prices are a deterministic function of the symbol and the instant (a slow drift per day plus an
 * intraday wave), so a test can compute what the sandbox will answer. With `moving: false` (the
 * default, and every test that does not ask for it) the price is the asset's configured one.
 *
 * History is rebuilt from what the sandbox knows: the cash and positions now, every fill (undone
 * backwards in time) and the price at each instant. Points are left-labelled UNIX seconds like
 * Alpaca's: daily points at 00:00 UTC of the New York date (as in Alpaca's own example), intraday
 * points at the start of each window, market hours only.
 */

export interface SandboxFill {
  symbol: string;
  side: 'buy' | 'sell';
  qty: Fixed;
  notional: Fixed;
  /** Epoch milliseconds on the sandbox clock. */
  at: number;
}

export interface HistoryState {
  now: Date;
  mode: SandboxMode;
  cash: Fixed;
  positions: Map<string, Fixed>;
  fills: SandboxFill[];
  basePrice: (symbol: string) => string;
}

export class SandboxHistoryError extends Error {}

/**
 * What the demo account (moving prices, `npm start`) holds at start: about $105,000 at the base
 * prices, so the Portfolio page has positions, P&L and a curve before any order is sent.
 */
export const DEMO_ACCOUNT = { cash: '16000', positions: { SPY: '80', TLT: '400', QQQ: '10' } };

export class SandboxMarket {
  constructor(public moving = false) {}

  /** The price of a symbol at an instant: the configured one, or that moved by the day's wave. */
  priceAt(symbol: string, base: string, at: Date): string {
    if (!this.moving) return base;
    const factor = movement(symbol, at.getTime());
    const cents = Math.max(1, Math.round(Number(base) * factor * 100));
    return (cents / 100).toFixed(2);
  }

  /** The last close before `at` (New York 16:00 of the previous weekday-or-any day). */
  previousClose(at: Date): Date {
    const ny = DateTime.fromJSDate(at).setZone(NEW_YORK);
    const todayClose = ny.set({ hour: 16, minute: 0, second: 0, millisecond: 0 });
    let close = ny >= todayClose ? todayClose : todayClose.minus({ days: 1 });
    while (close.weekday > 5) close = close.minus({ days: 1 });
    return close.toJSDate();
  }

  /** GET /v2/account/portfolio/history for the given query. */
  history(state: HistoryState, params: URLSearchParams) {
    const periodText = params.get('period') ?? '1M';
    const period = /^(\d+)([DWMA])$/.exec(periodText);
    if (!period && !params.get('start'))
      throw new SandboxHistoryError(`invalid period "${periodText}"`);
    const now = DateTime.fromJSDate(state.now).setZone(NEW_YORK);
    const start = params.get('start')
      ? DateTime.fromISO(params.get('start')!, { zone: NEW_YORK })
      : now.minus(
          period![2] === 'D'
            ? { days: Number(period![1]) }
            : period![2] === 'W'
              ? { weeks: Number(period![1]) }
              : period![2] === 'M'
                ? { months: Number(period![1]) }
                : { years: Number(period![1]) },
        );
    if (!start.isValid) throw new SandboxHistoryError('invalid start');
    const days = Math.max(1, now.diff(start, 'days').days);
    const timeframe = params.get('timeframe') ?? (days < 7 ? '1Min' : days < 30 ? '15Min' : '1D');
    const minutes = { '1Min': 1, '5Min': 5, '15Min': 15, '1H': 60, '1D': 0 }[timeframe];
    if (minutes === undefined) throw new SandboxHistoryError(`invalid timeframe "${timeframe}"`);

    const from = start.toISODate()!;
    const to = now.toISODate()!;
    const sessions =
      state.mode === 'always-open'
        ? everyDay(from, to).map((date) => ({ date, open: '00:00', close: '23:59' }))
        : sessionsBetween(from, to);
    const instants: { label: number; valuedAt: number }[] = [];
    for (const session of sessions) {
      const open = DateTime.fromISO(`${session.date}T${session.open}`, { zone: NEW_YORK });
      const close = DateTime.fromISO(`${session.date}T${session.close}`, { zone: NEW_YORK });
      if (open > now) break;
      if (minutes === 0) {
        const valuedAt = close < now ? close : now;
        const label = Date.parse(`${session.date}T00:00:00Z`) / 1000;
        instants.push({ label, valuedAt: valuedAt.toMillis() });
        continue;
      }
      for (let t = open; t < close && t <= now; t = t.plus({ minutes })) {
        if (t < start) continue;
        const end = t.plus({ minutes });
        const valuedAt = end < now ? (end < close ? end : close) : now;
        instants.push({ label: Math.floor(t.toMillis() / 1000), valuedAt: valuedAt.toMillis() });
      }
    }
    const cap = 5000;
    const points = instants.slice(-cap);
    const equity = points.map((p) => this.equityAt(state, p.valuedAt));
    const base = equity[0] ?? Number(formatDecimal(state.cash, 9));
    return {
      timestamp: points.map((p) => p.label),
      equity,
      profit_loss: equity.map((e) => round2(e - base)),
      profit_loss_pct: equity.map((e) =>
        base === 0 ? 0 : Math.round(((e - base) / base) * 1e4) / 1e4,
      ),
      base_value: base,
      timeframe,
    };
  }

  /** Cash plus positions at an instant: today's holdings with every later fill undone. */
  private equityAt(state: HistoryState, at: number): number {
    let cash = state.cash;
    const held = new Map(state.positions);
    for (const fill of state.fills) {
      if (fill.at <= at) continue;
      const qty = held.get(fill.symbol) ?? 0n;
      if (fill.side === 'buy') {
        cash += fill.notional;
        held.set(fill.symbol, qty - fill.qty);
      } else {
        cash -= fill.notional;
        held.set(fill.symbol, qty + fill.qty);
      }
    }
    let total = cash;
    for (const [symbol, qty] of held) {
      if (qty === 0n) continue;
      const price = parseDecimal(this.priceAt(symbol, state.basePrice(symbol), new Date(at)));
      total += multiply(qty, price);
    }
    return Number(dollars(total));
  }
}

/** A multiplier around 1: a drift per New York day plus an intraday wave, per symbol. */
function movement(symbol: string, at: number): number {
  const seed = [...symbol].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const day = Math.floor(at / 86_400_000);
  const phase = (seed % 360) * (Math.PI / 180);
  const daily = 0.04 * Math.sin(day / 5 + phase) + 0.02 * Math.sin(day / 1.7 + phase * 2);
  const intraday = 0.006 * Math.sin((at / 3_600_000) * ((2 * Math.PI) / 6.5) + phase);
  return 1 + daily + intraday;
}

function everyDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let d = DateTime.fromISO(from, { zone: NEW_YORK });
    d.toISODate()! <= to && days.length < 3700;
    d = d.plus({ days: 1 })
  )
    days.push(d.toISODate()!);
  return days;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
