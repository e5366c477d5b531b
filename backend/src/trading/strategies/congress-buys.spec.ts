import {
  newerCongressRecord,
  olderCongressRecord,
} from '../../../test/factories/quiver-records.factory';
import { congressBasket, rankCongressBuys } from './congress-buys.strategy';
import { newYorkDate, parseCongressTrades, type CongressTrade } from './quiver.client';
import { StrategyError, targetProblems } from './strategy';

const trade = (overrides: Partial<CongressTrade> & { ticker: string }): CongressTrade => ({
  member: 'A. Member',
  transaction: 'Purchase',
  filed: '2026-11-20',
  traded: null,
  tickerType: 'ST',
  ...overrides,
});
const window30 = { tradingDay: '2026-11-23', lookbackDays: 30, maxPositions: 10 };

describe('newYorkDate', () => {
  it.each([
    ['2026-11-20', '2026-11-20'],
    ['2026-11-20T00:00:00', '2026-11-20'],
    ['2026-11-20 00:00:00', '2026-11-20'],
    // A date serialised as UTC midnight is still that date, not 19:00 the day before in New York.
    ['2026-11-20T00:00:00Z', '2026-11-20'],
    ['2026-11-20T00:00:00.000Z', '2026-11-20'],
    ['2026-11-20T00:00:00+00:00', '2026-11-20'],
    // A real instant is read in New York: 03:30 UTC on the 21st is the evening of the 20th there.
    ['2026-11-21T03:30:00Z', '2026-11-20'],
    ['2026-11-20T23:30:00-05:00', '2026-11-20'],
    ['2026-07-01T02:00:00.000Z', '2026-06-30'], // summer time: UTC−4
    ['2026-11-20T14:05:00', '2026-11-20'], // no zone: the date as written
    [Date.UTC(2026, 10, 20), '2026-11-20'], // epoch ms at UTC midnight: a date
    [Date.UTC(2026, 10, 21, 3, 30), '2026-11-20'], // an instant
  ])('reads %j as %s', (value, expected) => {
    expect(newYorkDate(value)).toBe(expected);
  });

  it.each([null, undefined, '', 'yesterday', '20/11/2026', '2026-02-30', '2026-13-01', Number.NaN])(
    'reads %j as no date',
    (value) => {
      expect(newYorkDate(value)).toBeNull();
    },
  );
});

describe('parseCongressTrades', () => {
  it('reads both generations of field names into one shape', () => {
    const { trades, unreadable } = parseCongressTrades([
      olderCongressRecord({
        ticker: 'NVDA',
        member: 'Old Style',
        filed: '2026-11-20',
        traded: '2026-11-02',
        transaction: 'Sale (Partial)',
      }),
      newerCongressRecord({
        ticker: 'brk/b',
        member: 'New Style',
        bioGuideId: 'X000123',
        filed: '2026-11-21T00:00:00Z',
        traded: '2026-11-10',
      }),
    ]);
    expect(unreadable).toBe(0);
    expect(trades).toEqual([
      {
        ticker: 'NVDA',
        member: 'Old Style',
        transaction: 'Sale (Partial)',
        filed: '2026-11-20',
        traded: '2026-11-02',
        tickerType: null,
      },
      {
        ticker: 'BRK.B',
        member: 'X000123',
        transaction: 'Purchase',
        filed: '2026-11-21',
        traded: '2026-11-10',
        tickerType: 'ST',
      },
    ]);
  });

  it("counts only stock purchases: Quiver's TickerType OP (options), CB (bonds) and others are not", () => {
    const trades = [
      trade({ ticker: 'AAPL', member: 'a' }),
      trade({ ticker: 'NVDA', member: 'b', tickerType: 'OP' }),
      trade({ ticker: 'NVDA', member: 'c', tickerType: 'OP' }),
      trade({ ticker: 'MSFT', member: 'd', tickerType: 'CB' }),
      trade({ ticker: 'AMZN', member: 'e', tickerType: null }),
    ];
    expect(rankCongressBuys(trades, window30).map((t) => t.symbol)).toEqual(['AAPL', 'AMZN']);
  });

  it('tolerates nulls and odd records, counting the unreadable ones', () => {
    const { trades, unreadable } = parseCongressTrades([
      newerCongressRecord({ ticker: null, filed: '2026-11-20' }), // a bond: no ticker
      newerCongressRecord({ ticker: '--', filed: '2026-11-20' }),
      { ...newerCongressRecord({ ticker: 'AAPL', filed: '2026-11-20' }), Name: null },
      newerCongressRecord({ ticker: 'MSFT', filed: 'soon' }),
      'not an object',
      newerCongressRecord({ ticker: 'AMZN', filed: '2026-11-20' }),
    ]);
    expect(trades.map((t) => [t.ticker, t.member])).toEqual([
      [null, 'A. Member'],
      [null, 'A. Member'],
      ['AAPL', 'unknown'],
      ['AMZN', 'A. Member'],
    ]);
    expect(unreadable).toBe(2);
  });

  it('refuses a body that is not a list, or a list mostly unreadable', () => {
    expect(() => parseCongressTrades({ data: [] })).toThrow(
      new StrategyError('Quiver answered with something other than a list of trades'),
    );
    const renamed = [{ Symbol: 'NVDA', Date: '2026-11-20', Type: 'Purchase' }];
    const error = (() => {
      try {
        parseCongressTrades([
          ...renamed,
          ...renamed,
          olderCongressRecord({ ticker: 'X', filed: '2026-11-20' }),
        ]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StrategyError);
    expect(error).toMatchObject({
      failure: 'bad-response',
      message:
        'Quiver records could not be read: 2 of 3 have no transaction or filing date (field names changed?)',
    });
    expect(parseCongressTrades([])).toEqual({ trades: [], unreadable: 0 });
  });
});

describe('congressBasket', () => {
  it('keeps purchases filed in the lookback window, the trading day included', () => {
    const trades = [
      trade({ ticker: 'FIRST', filed: '2026-10-25' }), // 30th day back, counting the trading day
      trade({ ticker: 'TOOOLD', filed: '2026-10-24' }),
      trade({ ticker: 'TODAY', filed: '2026-11-23' }),
      trade({ ticker: 'FUTURE', filed: '2026-11-24' }),
      trade({ ticker: 'SOLD', transaction: 'Sale (Full)' }),
      trade({ ticker: 'PART', transaction: 'Sale (Partial)' }),
      trade({ ticker: 'SWAP', transaction: 'Exchange' }),
      trade({ ticker: 'BUY', transaction: 'buy' }),
      trade({ ticker: 'NOTASYMBOL1' }), // 11 characters
    ];
    expect(congressBasket(trades, window30).map((t) => t.symbol)).toEqual([
      'TODAY',
      'BUY',
      'FIRST',
    ]);
    expect(congressBasket(trades, { ...window30, lookbackDays: 1 }).map((t) => t.symbol)).toEqual([
      'TODAY',
    ]);
  });

  it('filters on New York filing dates: a UTC-midnight date is not pulled into the day before', () => {
    const { trades } = parseCongressTrades([
      newerCongressRecord({ ticker: 'EDGE', filed: '2026-10-25T00:00:00Z' }),
    ]);
    expect(congressBasket(trades, window30)).toEqual([{ symbol: 'EDGE', weight: 1 }]);
  });

  it('ranks by distinct buyers, then most recent filing, then symbol', () => {
    const trades = [
      trade({ ticker: 'ONE', member: 'a', filed: '2026-11-22' }),
      trade({ ticker: 'TWO', member: 'a', filed: '2026-11-01' }),
      trade({ ticker: 'TWO', member: 'b', filed: '2026-11-02' }),
      trade({ ticker: 'SAME', member: 'a', filed: '2026-11-20' }),
      trade({ ticker: 'SAME', member: 'a', filed: '2026-11-21' }), // one buyer, twice
      trade({ ticker: 'ALSO', member: 'c', filed: '2026-11-21' }),
    ];
    expect(rankCongressBuys(trades, window30)).toEqual([
      { symbol: 'TWO', buyers: 2, latestFiling: '2026-11-02' },
      { symbol: 'ONE', buyers: 1, latestFiling: '2026-11-22' },
      { symbol: 'ALSO', buyers: 1, latestFiling: '2026-11-21' },
      { symbol: 'SAME', buyers: 1, latestFiling: '2026-11-21' },
    ]);
  });

  it('ranks the same whatever order the feed arrives in', () => {
    const trades = Array.from({ length: 40 }, (_, i) =>
      trade({
        ticker: `T${String.fromCharCode(65 + (i % 13))}`,
        member: `m${i % 7}`,
        filed: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}`,
      }),
    );
    const expected = congressBasket(trades, window30);
    expect(congressBasket([...trades].reverse(), window30)).toEqual(expected);
    expect(congressBasket([...trades.slice(20), ...trades.slice(0, 20)], window30)).toEqual(
      expected,
    );
  });

  it.each([1, 2, 3, 6, 7, 10])(
    'caps the basket and weights %i tickers equally, rounded down, never above 100 %%',
    (n) => {
      const trades = Array.from({ length: 15 }, (_, i) =>
        trade({ ticker: `T${String.fromCharCode(65 + i)}`, member: `m${i}` }),
      );
      const basket = congressBasket(trades, { ...window30, maxPositions: n });
      expect(basket).toHaveLength(n);
      const weight = Math.floor(1e6 / n) / 1e6;
      expect(basket.every((t) => t.weight === weight)).toBe(true);
      expect(targetProblems(basket, { maxDecimals: 6 })).toEqual([]);
    },
  );

  it('is empty when nothing was bought in the window', () => {
    expect(congressBasket([trade({ ticker: 'X', transaction: 'Sale' })], window30)).toEqual([]);
  });

  it('refuses nonsense options', () => {
    expect(() => congressBasket([], { ...window30, tradingDay: '2026-11-31' })).toThrow(
      'not a YYYY-MM-DD date',
    );
    expect(() => congressBasket([], { ...window30, lookbackDays: 0 })).toThrow('lookbackDays');
    expect(() => congressBasket([], { ...window30, maxPositions: 0 })).toThrow('maxPositions');
  });
});
