import { AppConfig } from '../../infra/config/app-config';
import { startQuiverStandIn, type QuiverStandIn } from '../../../test/quiver/quiver-stand-in';
import { basket, CongressBuysStrategy } from './congress-buys.strategy';
import { QuiverClient, StrategyError } from './quiver.client';

const OLD_FORMAT = [
  {
    Representative: 'A. Member',
    ReportDate: '2026-11-20',
    TransactionDate: '2026-11-02',
    Ticker: 'NVDA',
    Transaction: 'Purchase',
  },
  {
    Representative: 'B. Member',
    ReportDate: '2026-11-18',
    TransactionDate: '2026-11-01',
    Ticker: 'NVDA',
    Transaction: 'Purchase',
  },
  {
    Representative: 'C. Member',
    ReportDate: '2026-11-19',
    TransactionDate: '2026-11-03',
    Ticker: 'MSFT',
    Transaction: 'Sale (Full)',
  },
  {
    Representative: 'C. Member',
    ReportDate: '2026-09-01',
    TransactionDate: '2026-08-20',
    Ticker: 'AAPL',
    Transaction: 'Purchase',
  }, // outside the lookback
];
const NEW_FORMAT = [
  {
    Name: 'D. Member',
    Filed: '2026-11-21T00:00:00',
    Traded: '2026-11-10',
    Ticker: 'AMZN',
    Transaction: 'Purchase',
  },
  {
    Name: 'E. Member',
    Filed: '2026-11-23',
    Traded: '2026-11-12',
    Ticker: 'GOOGL',
    Transaction: 'Purchase',
  },
  {
    Name: 'F. Member',
    Filed: '2026-11-24',
    Traded: '2026-11-12',
    Ticker: 'QQQ',
    Transaction: 'Purchase',
  }, // filed after the trading day
];

describe('congress-buys against a Quiver stand-in', () => {
  let quiver: QuiverStandIn;
  let strategy: CongressBuysStrategy;
  beforeEach(async () => {
    quiver = await startQuiverStandIn([...OLD_FORMAT, ...NEW_FORMAT]);
    const config = AppConfig.fromEnv({
      STRATEGY: 'congress-buys',
      QUIVER_API_TOKEN: 'quiver-token',
      QUIVER_BASE_URL: quiver.url,
      CONGRESS_LOOKBACK_DAYS: '30',
      CONGRESS_MAX_POSITIONS: '10',
    });
    strategy = new CongressBuysStrategy(new QuiverClient(quiver.url, 'quiver-token', 500), config);
  });
  afterEach(() => quiver.close());

  it('equal-weights the tickers bought within the lookback, reading old and new field names, with the bearer token', async () => {
    const targets = await strategy.targets({ tradingDay: '2026-11-23' });
    expect(targets).toEqual([
      { symbol: 'NVDA', weight: 0.333333 }, // two buyers rank first
      { symbol: 'GOOGL', weight: 0.333333 },
      { symbol: 'AMZN', weight: 0.333333 },
    ]);
    expect(quiver.requests).toEqual([
      { path: '/beta/live/congresstrading', authorization: 'Bearer quiver-token' },
    ]);
  });

  it.each([
    [{ status: 401, body: { error: 'bad token' } }, /refused the API token \(HTTP 401\)/],
    [{ status: 403, body: {} }, /refused the API token \(HTTP 403\)/],
    [{ status: 429, body: {} }, /rate limit/],
    [{ status: 503, body: {} }, /HTTP 503/],
    [{ status: 200, body: 'not json' }, /not JSON/],
    [{ status: 200, body: { not: 'a list' } }, /other than a list/],
    [{ status: 200, body: [{ Foo: 1 }] }, /could not be read/],
    [{ hang: true }, /did not answer within 500 ms/],
  ])('fails cleanly with the reason when Quiver answers %j', async (response, message) => {
    quiver.set(response);
    const error = await strategy.targets({ tradingDay: '2026-11-23' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrategyError);
    expect((error as Error).message).toMatch(message);
  });

  it('caps the basket and never lets weights exceed 1', () => {
    const trades = Array.from({ length: 15 }, (_, i) => ({
      ticker: `T${String.fromCharCode(65 + i)}`,
      member: `m${i}`,
      transaction: 'Purchase',
      filed: '2026-11-20',
      traded: null,
    }));
    const result = basket(trades, '2026-11-23', 30, 7);
    expect(result).toHaveLength(7);
    expect(result.reduce((s, t) => s + t.weight, 0)).toBeLessThanOrEqual(1);
  });
});
