import { AppConfig } from '../../src/infra/config/app-config';
import { newerCongressRecord, olderCongressRecord } from '../factories/quiver-records.factory';
import { startQuiverStandIn, type QuiverStandIn } from '../quiver/quiver-stand-in';
import { CongressBuysStrategy } from '../../src/trading/strategies/congress-buys.strategy';
import { QuiverClient } from '../../src/trading/strategies/quiver.client';
import { StrategyError } from '../../src/trading/strategies/strategy';

const TRADING_DAY = '2026-11-23';
const FEED = [
  olderCongressRecord({ ticker: 'NVDA', member: 'A. Member', filed: '2026-11-20' }),
  olderCongressRecord({ ticker: 'NVDA', member: 'B. Member', filed: '2026-11-18' }),
  olderCongressRecord({
    ticker: 'MSFT',
    member: 'C. Member',
    filed: '2026-11-19',
    transaction: 'Sale (Full)',
  }),
  olderCongressRecord({ ticker: 'AAPL', member: 'C. Member', filed: '2026-09-01' }), // too old
  newerCongressRecord({ ticker: 'AMZN', member: 'D. Member', filed: '2026-11-21T00:00:00' }),
  newerCongressRecord({ ticker: 'GOOGL', member: 'E. Member', filed: '2026-11-23' }),
  newerCongressRecord({ ticker: 'QQQ', member: 'F. Member', filed: '2026-11-24' }), // after the day
];

const strategyFor = (
  quiver: QuiverStandIn,
  timeoutMs = 2_000,
  env: Record<string, string> = {},
) => {
  const config = AppConfig.fromEnv({
    STRATEGY: 'congress-buys',
    QUIVER_API_TOKEN: 'quiver-token',
    QUIVER_BASE_URL: quiver.url,
    CONGRESS_LOOKBACK_DAYS: '30',
    CONGRESS_MAX_POSITIONS: '10',
    ...env,
  });
  return new CongressBuysStrategy(new QuiverClient(quiver.url, 'quiver-token', timeoutMs), config);
};

const failure = (promise: Promise<unknown>): Promise<StrategyError> =>
  promise.then(
    () => {
      throw new Error('expected the strategy to fail');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(StrategyError);
      return error as StrategyError;
    },
  );

describe('congress-buys against the Quiver stand-in', () => {
  let quiver: QuiverStandIn;
  beforeEach(async () => {
    quiver = await startQuiverStandIn({ records: FEED });
  });
  afterEach(() => quiver.close());

  it('asks with the bearer token and builds the equal-weight basket from both field generations', async () => {
    await expect(strategyFor(quiver).targets({ tradingDay: TRADING_DAY })).resolves.toEqual([
      { symbol: 'NVDA', weight: 0.333333 }, // two buyers rank first
      { symbol: 'GOOGL', weight: 0.333333 }, // then the latest filing
      { symbol: 'AMZN', weight: 0.333333 },
    ]);
    expect(quiver.requests).toEqual([
      {
        method: 'GET',
        path: '/beta/live/congresstrading',
        authorization: 'Bearer quiver-token',
        accept: 'application/json',
      },
    ]);
  });

  it('caps the basket at CONGRESS_MAX_POSITIONS', async () => {
    const strategy = strategyFor(quiver, 2_000, { CONGRESS_MAX_POSITIONS: '2' });
    await expect(strategy.targets({ tradingDay: TRADING_DAY })).resolves.toEqual([
      { symbol: 'NVDA', weight: 0.5 },
      { symbol: 'GOOGL', weight: 0.5 },
    ]);
  });

  it.each([
    [
      { status: 401, body: { detail: 'Invalid token.' } },
      'unauthorized',
      'Quiver refused the API token (HTTP 401)',
    ],
    [{ status: 403, body: {} }, 'unauthorized', 'Quiver refused the API token (HTTP 403)'],
    [{ status: 429, body: {} }, 'rate-limited', 'Quiver rate limit reached (HTTP 429)'],
    [{ status: 500, body: 'oops' }, 'unavailable', 'Quiver unavailable (HTTP 500)'],
    [{ status: 503, body: {} }, 'unavailable', 'Quiver unavailable (HTTP 503)'],
    [
      { body: '<html>maintenance</html>' },
      'bad-response',
      'Quiver answered with a body that is not JSON',
    ],
    [
      { body: { not: 'a list' } },
      'bad-response',
      'Quiver answered with something other than a list of trades',
    ],
    [
      { body: [{ Foo: 1 }] },
      'bad-response',
      'Quiver records could not be read: 1 of 1 have no transaction or filing date (field names changed?)',
    ],
    [{ hang: true }, 'unavailable', 'Quiver did not answer within 300 ms'],
    [{ delayMs: 5_000 }, 'unavailable', 'Quiver did not answer within 300 ms'],
    [{ bodyDelayMs: 5_000, body: [] }, 'unavailable', 'Quiver did not answer within 300 ms'],
  ])('fails cleanly with the reason when Quiver answers %j', async (answer, kind, reason) => {
    quiver.set(answer);
    const error = await failure(strategyFor(quiver, 300).targets({ tradingDay: TRADING_DAY }));
    expect(error.message).toBe(reason);
    expect(error.failure).toBe(kind);
    expect(error.message).not.toContain('quiver-token');
  });

  it('fails cleanly when the connection drops or nothing listens', async () => {
    quiver.set({ dropConnection: true });
    const dropped = await failure(strategyFor(quiver).targets({ tradingDay: TRADING_DAY }));
    expect(dropped.message).toMatch(/^Quiver unreachable: /);

    const closed = await startQuiverStandIn();
    const url = closed.url;
    await closed.close();
    const strategy = new CongressBuysStrategy(
      new QuiverClient(url, 'quiver-token', 2_000),
      AppConfig.fromEnv({ STRATEGY: 'congress-buys', QUIVER_API_TOKEN: 'quiver-token' }),
    );
    const refused = await failure(strategy.targets({ tradingDay: TRADING_DAY }));
    expect(refused).toMatchObject({
      failure: 'unavailable',
      message: 'Quiver unreachable: ECONNREFUSED',
    });
  });

  it('refuses to liquidate when the feed has no purchase in the window', async () => {
    quiver.set({
      records: [olderCongressRecord({ ticker: 'MSFT', filed: '2026-11-20', transaction: 'Sale' })],
    });
    const error = await failure(strategyFor(quiver).targets({ tradingDay: TRADING_DAY }));
    expect(error).toMatchObject({
      failure: 'no-signal',
      message:
        'no congressional purchases filed in the 30 days up to 2026-11-23 (1 records received); refusing to liquidate on what may be stale data',
    });
    quiver.set({ records: [] });
    await expect(
      failure(strategyFor(quiver).targets({ tradingDay: TRADING_DAY })),
    ).resolves.toMatchObject({
      failure: 'no-signal',
    });
  });

  it('recovers on the next attempt once Quiver is back', async () => {
    quiver.set({ status: 503, body: {} });
    const strategy = strategyFor(quiver);
    await failure(strategy.targets({ tradingDay: TRADING_DAY }));
    quiver.set({ records: FEED });
    await expect(strategy.targets({ tradingDay: TRADING_DAY })).resolves.toHaveLength(3);
    expect(quiver.requests).toHaveLength(2);
  });
});
