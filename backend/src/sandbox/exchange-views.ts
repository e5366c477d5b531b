import type { components } from '../trading/broker/alpaca-api';
import {
  divide,
  dollars,
  formatDecimal,
  multiply,
  parseDecimal,
  type Fixed,
} from '../trading/planner/decimal';
import { invalid, notFound } from './alpaca-errors';
import type { SandboxClock } from './clock';
import type { Exchange } from './exchange';
import { assetId, isOpen } from './orders';
import { SandboxHistoryError } from './sandbox-market';

type Order = components['schemas']['Order'];
type Position = components['schemas']['Position'];
type Asset = components['schemas']['Assets'];
type Account = components['schemas']['Account'];

/**
 * The exchange's state as Alpaca's read endpoints show it: the account, positions, assets, the
 * order list and the portfolio history. Nothing here changes the exchange.
 */
export class ExchangeViews {
  constructor(
    private readonly exchange: Exchange,
    private readonly clock: SandboxClock,
  ) {}

  /** GET /v2/account. */
  account(): Account {
    const { exchange } = this;
    const symbols = [...exchange.positions.keys()];
    const longValue = symbols.reduce((sum, s) => sum + exchange.marketValue(s), 0n);
    const equity = exchange.cash + longValue;
    const close = exchange.market.previousClose(this.clock.now());
    const lastEquity = exchange.market.moving
      ? exchange.cash + symbols.reduce((sum, s) => sum + exchange.marketValue(s, close), 0n)
      : equity;
    const buyingPower = dollars(exchange.buyingPower());
    return {
      id: '00000000-0000-4000-8000-000000000001',
      account_number: 'SANDBOX01',
      status: exchange.accountState.status,
      currency: 'USD',
      cash: dollars(exchange.cash),
      buying_power: buyingPower,
      non_marginable_buying_power: buyingPower,
      regt_buying_power: buyingPower,
      daytrading_buying_power: '0',
      equity: dollars(equity),
      last_equity: dollars(lastEquity),
      portfolio_value: dollars(equity),
      long_market_value: dollars(longValue),
      short_market_value: '0',
      initial_margin: '0',
      maintenance_margin: '0',
      pattern_day_trader: false,
      trading_blocked: exchange.accountState.tradingBlocked,
      transfers_blocked: false,
      account_blocked: exchange.accountState.accountBlocked,
      trade_suspended_by_user: false,
      shorting_enabled: false,
      multiplier: '1',
      daytrade_count: 0,
      created_at: '2025-01-02T14:30:00Z',
    } as Account;
  }

  /** GET /v2/positions, by symbol. */
  positions(): Position[] {
    return [...this.exchange.positions.keys()].sort().map((s) => this.position(s));
  }

  /** GET /v2/assets. */
  assets(): Asset[] {
    return [...this.exchange.assets.keys()].map((s) => this.asset(s));
  }

  /** GET /v2/assets/{symbol_or_asset_id}. */
  asset(symbolOrAssetId: string): Asset {
    const symbol = this.exchange.symbolOf(symbolOrAssetId);
    if (!symbol) throw notFound(`asset not found for ${symbolOrAssetId}`);
    const a = this.exchange.assets.get(symbol)!;
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

  /** GET /v2/orders: status open|closed|all, direction, limit 1–500, after (422 otherwise). */
  orders(params: URLSearchParams): Order[] {
    const status = params.get('status') ?? 'open';
    if (!['open', 'closed', 'all'].includes(status))
      throw invalid('status must be open, closed or all');
    const direction = params.get('direction') ?? 'desc';
    if (direction !== 'asc' && direction !== 'desc') throw invalid('direction must be asc or desc');
    const limit = Number(params.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw invalid('limit must be an integer from 1 to 500');
    const after = params.get('after');
    const afterMs = after ? Date.parse(after) : null;
    if (after && Number.isNaN(afterMs)) throw invalid('after must be a timestamp');
    const matching = this.exchange
      .allOrders()
      .filter((o) => status === 'all' || (status === 'open') === isOpen(o))
      .filter((o) => afterMs === null || Date.parse(o.submitted_at!) > afterMs);
    if (direction === 'desc') matching.reverse();
    return matching.slice(0, limit);
  }

  /** GET /v2/account/portfolio/history (sandbox-market.ts rebuilds it from the fills). */
  portfolioHistory(params: URLSearchParams) {
    const { exchange } = this;
    try {
      return exchange.market.history(
        {
          now: this.clock.now(),
          mode: this.clock.mode,
          cash: exchange.cash,
          positions: exchange.positions,
          fills: exchange.fills,
          basePrice: (symbol) => exchange.assets.get(symbol)?.price ?? '0',
        },
        params,
      );
    } catch (error) {
      if (error instanceof SandboxHistoryError) throw invalid(error.message);
      throw error;
    }
  }

  private position(symbol: string): Position {
    const { exchange } = this;
    const { moving } = exchange.market;
    const qty = exchange.positions.get(symbol)!;
    const price = exchange.priceOf(symbol);
    const lastday = exchange.priceOf(symbol, exchange.market.previousClose(this.clock.now()));
    const value = exchange.marketValue(symbol);
    // Without moving prices every position is worth what it cost (the sandbox's older answer).
    const cost = moving
      ? (exchange.costBasis.get(symbol) ??
        multiply(qty, parseDecimal(exchange.assets.get(symbol)!.price)))
      : value;
    const pl = value - cost;
    const ratio = (a: Fixed, b: Fixed) =>
      !moving || b === 0n ? '0' : formatDecimal(divide(a, b), 6);
    const lastValue = multiply(qty, parseDecimal(lastday));
    return {
      asset_id: assetId(symbol),
      symbol,
      exchange: 'ARCA',
      asset_class: 'us_equity',
      avg_entry_price: moving ? formatDecimal(divide(cost, qty), 4) : price,
      qty: formatDecimal(qty, 9),
      qty_available: formatDecimal(exchange.qtyAvailable(symbol), 9),
      side: 'long',
      market_value: dollars(value),
      cost_basis: dollars(cost),
      unrealized_pl: moving ? dollars(pl) : '0',
      unrealized_plpc: ratio(pl, cost),
      unrealized_intraday_pl: moving ? dollars(value - lastValue) : '0',
      unrealized_intraday_plpc: ratio(value - lastValue, lastValue),
      current_price: price,
      lastday_price: lastday,
      change_today: ratio(parseDecimal(price) - parseDecimal(lastday), parseDecimal(lastday)),
      asset_marginable: true,
    } as Position;
  }
}
