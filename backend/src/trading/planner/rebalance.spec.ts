import { asset, assets, longPosition, seededRandom } from '../../../test/factories/planner.factory';
import { dollars, floorToCents, fromNumber, multiply, parseDecimal } from './decimal';
import { PlanningError } from './planned-order';
import { planRebalance, type RebalanceInput } from './rebalance';

const input = (overrides: Partial<RebalanceInput> = {}): RebalanceInput => ({
  targets: [
    { symbol: 'SPY', weight: 0.6 },
    { symbol: 'TLT', weight: 0.4 },
  ],
  equity: '100000.00',
  positions: [],
  assets: assets(['SPY', 'TLT', 'QQQ', 'AAPL']),
  minOrderNotional: 1,
  ...overrides,
});

describe('planRebalance', () => {
  it('buys the targets from cash as notional orders in exact cents', () => {
    expect(planRebalance(input())).toEqual({
      intents: [
        {
          symbol: 'SPY',
          side: 'buy',
          notional: '60000.00',
          qty: null,
          estimatedNotional: '60000.00',
          price: null,
          fractionable: true,
          closesPosition: false,
        },
        {
          symbol: 'TLT',
          side: 'buy',
          notional: '40000.00',
          qty: null,
          estimatedNotional: '40000.00',
          price: null,
          fractionable: true,
          closesPosition: false,
        },
      ],
      skipped: [],
    });
  });

  it('rounds targets and deltas down to cents with exact arithmetic (no float drift)', () => {
    const { intents } = planRebalance(
      input({
        equity: '1000.10',
        targets: [
          { symbol: 'SPY', weight: 0.7 }, // 700.07 exactly; floats give 700.0699999999999 → 700.06
          { symbol: 'TLT', weight: 0.3 }, // 300.03
        ],
        positions: [longPosition('TLT', '1', '100.015')],
      }),
    );
    expect(intents.map((i) => [i.side, i.symbol, i.notional])).toEqual([
      ['buy', 'SPY', '700.07'],
      ['buy', 'TLT', '200.01'], // 300.03 − 100.015 = 200.015, down to 200.01
    ]);
  });

  it('sells overweight positions before buying underweight ones, whatever the symbol order', () => {
    const { intents } = planRebalance(
      input({
        equity: '100000.03',
        targets: [
          { symbol: 'AAPL', weight: 0.333333 },
          { symbol: 'TLT', weight: 0.666667 },
        ],
        positions: [longPosition('AAPL', '100', '60000.00'), longPosition('TLT', '100', '9000.00')],
      }),
    );
    expect(intents.map((i) => [i.side, i.symbol, i.notional])).toEqual([
      ['sell', 'AAPL', '26666.70'], // 60000.00 − 33333.30 (100000.03 × 0.333333 = 33333.3099…)
      ['buy', 'TLT', '57666.72'], // 66666.72 − 9000.00
    ]);
  });

  it('exits positions no longer targeted by their exact quantity, fractional shares included', () => {
    const { intents } = planRebalance(
      input({
        targets: [{ symbol: 'SPY', weight: 0.5 }],
        positions: [longPosition('QQQ', '3.123456789', '1624.20')],
      }),
    );
    expect(intents[0]).toEqual({
      symbol: 'QQQ',
      side: 'sell',
      notional: null,
      qty: '3.123456789',
      estimatedNotional: '1624.20',
      price: expect.any(String),
      fractionable: true,
      closesPosition: true,
    });
    expect(intents[1]).toMatchObject({ symbol: 'SPY', side: 'buy', notional: '50000.00' });
  });

  it('trades nothing when the position already matches the target to the cent', () => {
    expect(
      planRebalance(
        input({
          targets: [{ symbol: 'SPY', weight: 1 }],
          positions: [longPosition('SPY', '166.5', '100000.00')],
        }),
      ),
    ).toEqual({ intents: [], skipped: [] });
  });

  describe('non-fractionable assets', () => {
    const brk = { 'BRK.B': asset({ fractionable: false }) };

    it('buys whole shares, rounded down, with the price given', () => {
      const { intents } = planRebalance(
        input({
          targets: [{ symbol: 'BRK.B', weight: 0.05 }],
          assets: brk,
          prices: { 'BRK.B': '470.25' },
        }),
      );
      expect(intents).toEqual([
        {
          symbol: 'BRK.B',
          side: 'buy',
          notional: null,
          qty: '10', // 5000 / 470.25 = 10.63…
          estimatedNotional: '4702.50',
          price: '470.25',
          fractionable: false,
          closesPosition: false,
        },
      ]);
    });

    it('sizes with the price implied by the position when no price is given', () => {
      const { intents } = planRebalance(
        input({
          targets: [{ symbol: 'BRK.B', weight: 0.01 }],
          assets: brk,
          positions: [longPosition('BRK.B', '1', '470.00')],
        }),
      );
      expect(intents).toEqual([expect.objectContaining({ side: 'buy', qty: '1', price: '470' })]);
    });

    it('sells whole shares and never more than held', () => {
      const { intents } = planRebalance(
        input({
          targets: [{ symbol: 'BRK.B', weight: 0.01 }],
          assets: brk,
          positions: [longPosition('BRK.B', '10', '5000.00')],
          prices: { 'BRK.B': '100.00' }, // a stale quote far below the position's value
        }),
      );
      // 5000 − 1000 = 4000 at 100 would be 40 shares; only 10 are held.
      expect(intents).toEqual([expect.objectContaining({ side: 'sell', qty: '10' })]);
    });

    it('skips with a reason when no price is known or less than one share is needed', () => {
      const noPrice = planRebalance(
        input({ targets: [{ symbol: 'BRK.B', weight: 0.5 }], assets: brk }),
      );
      expect(noPrice).toEqual({
        intents: [],
        skipped: [
          { symbol: 'BRK.B', reason: 'not fractionable and no price known to size whole shares' },
        ],
      });
      const tooSmall = planRebalance(
        input({
          targets: [{ symbol: 'BRK.B', weight: 0.004 }],
          assets: brk,
          prices: { 'BRK.B': '470.00' },
        }),
      );
      expect(tooSmall.skipped).toEqual([
        {
          symbol: 'BRK.B',
          reason: 'not fractionable and 400.00 is less than one share at 470.00',
        },
      ]);
    });
  });

  it('skips unknown, non-tradable and inactive assets, short positions and dust, each with a reason', () => {
    const result = planRebalance(
      input({
        targets: [
          { symbol: 'LOCKED', weight: 0.1 },
          { symbol: 'NOPE', weight: 0.1 },
          { symbol: 'OLD', weight: 0.1 },
          { symbol: 'SPY', weight: 0.6 },
        ],
        assets: {
          ...assets(['SPY', 'TSLA']),
          LOCKED: asset({ tradable: false }),
          OLD: asset({ status: 'inactive' }),
        },
        positions: [
          longPosition('SPY', '100', '59999.50'),
          { symbol: 'TSLA', qty: '-5', marketValue: '-1500.00', side: 'short' },
        ],
      }),
    );
    expect(result.intents).toEqual([]);
    expect(result.skipped).toEqual([
      { symbol: 'LOCKED', reason: 'asset not tradable' },
      { symbol: 'NOPE', reason: 'asset unknown to the broker' },
      { symbol: 'OLD', reason: 'asset inactive' },
      { symbol: 'SPY', reason: 'dust: buy of 0.50 is below the minimum order of 1.00' },
      {
        symbol: 'TSLA',
        reason: 'short position held: the planner only manages long positions, close it by hand',
      },
    ]);
  });

  it('skips a held position it cannot sell rather than guessing', () => {
    const { intents, skipped } = planRebalance(
      input({
        targets: [],
        positions: [longPosition('GONE', '3', '30.00')],
        assets: {},
      }),
    );
    expect(intents).toEqual([]);
    expect(skipped).toEqual([{ symbol: 'GONE', reason: 'asset unknown to the broker' }]);
  });

  it('ignores positions with a zero quantity', () => {
    const { intents } = planRebalance(
      input({ targets: [], positions: [longPosition('SPY', '0', '0')] }),
    );
    expect(intents).toEqual([]);
  });

  it('accepts ten weights of 0.1 (exactly 1) and refuses anything above 1', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({
      symbol: `S${i}`,
      weight: 0.1,
    }));
    const { intents } = planRebalance(
      input({ targets: ten, assets: assets(ten.map((t) => t.symbol)) }),
    );
    expect(intents).toHaveLength(10);
    expect(intents.every((i) => i.notional === '10000.00')).toBe(true);
    expect(() =>
      planRebalance(input({ targets: [...ten, { symbol: 'SPY', weight: 0.000001 }] })),
    ).toThrow(new PlanningError('target weights sum to 1.000001, more than 1'));
  });

  it.each([
    [{ targets: [{ symbol: 'SPY', weight: 0 }] }, 'target SPY has weight 0, outside (0, 1]'],
    [{ targets: [{ symbol: 'SPY', weight: 1.5 }] }, 'target SPY has weight 1.5, outside (0, 1]'],
    [{ targets: [{ symbol: 'SPY', weight: Number.NaN }] }, 'target SPY has weight NaN'],
    [
      {
        targets: [
          { symbol: 'SPY', weight: 0.1 },
          { symbol: 'SPY', weight: 0.1 },
        ],
      },
      'target SPY is listed twice',
    ],
    [{ equity: '-5.00' }, 'account equity is negative (-5.00)'],
    [{ equity: 'lots' }, 'equity is not a decimal number: "lots"'],
    [
      { positions: [longPosition('SPY', '1', '1'), longPosition('SPY', '1', '1')] },
      'position SPY is listed twice',
    ],
  ])('refuses an incoherent input %j', (overrides, message) => {
    expect(() => planRebalance(input(overrides as Partial<RebalanceInput>))).toThrow(PlanningError);
    expect(() => planRebalance(input(overrides as Partial<RebalanceInput>))).toThrow(message);
  });

  it('holds its invariants over 500 generated portfolios', () => {
    const random = seededRandom(20261123);
    const universe = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG', 'HHH'];
    for (let run = 0; run < 500; run++) {
      const equity = (random() * 1_000_000).toFixed(2);
      const chosen = universe.filter(() => random() < 0.5);
      const raw = chosen.map(() => 1 + Math.floor(random() * 100));
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const targets = chosen.map((symbol, i) => ({
        symbol,
        weight: Math.max(0.000001, Math.floor((raw[i] / total) * 1e6) / 1e6),
      }));
      // One price per symbol, which held positions are valued at (as the broker reports them).
      const prices = Object.fromEntries(universe.map((s) => [s, (1 + random() * 900).toFixed(2)]));
      const positions = universe
        .filter(() => random() < 0.4)
        .map((symbol) => {
          const qty = (random() * 500).toFixed(3);
          return longPosition(
            symbol,
            qty,
            dollars(multiply(parseDecimal(qty), parseDecimal(prices[symbol]))),
          );
        });
      const fractional = Object.fromEntries(
        universe.map((s) => [s, asset({ fractionable: random() < 0.7 })]),
      );
      const { intents, skipped } = planRebalance({
        targets,
        equity,
        positions,
        assets: fractional,
        prices,
        minOrderNotional: 1,
      });

      const sides = intents.map((i) => i.side);
      expect(sides).toEqual([...sides].sort((a, b) => (a === b ? 0 : a === 'sell' ? -1 : 1)));
      const seen = new Set<string>();
      for (const intent of intents) {
        expect(seen.has(intent.symbol)).toBe(false);
        seen.add(intent.symbol);
        expect((intent.notional === null) !== (intent.qty === null)).toBe(true);
        if (intent.notional !== null) expect(intent.notional).toMatch(/^\d+\.\d{2}$/);
        expect(parseDecimal(intent.estimatedNotional)).toBeGreaterThanOrEqual(parseDecimal('1'));
        if (intent.qty !== null && !intent.closesPosition) expect(intent.qty).toMatch(/^\d+$/); // whole shares
        const weight = targets.find((t) => t.symbol === intent.symbol)?.weight ?? 0;
        const target = floorToCents(multiply(parseDecimal(equity), fromNumber(weight)));
        const held = positions.find((p) => p.symbol === intent.symbol);
        const current = held ? parseDecimal(held.marketValue) : 0n;
        const amount = parseDecimal(intent.estimatedNotional);
        if (intent.side === 'buy') expect(current + amount).toBeLessThanOrEqual(target); // never overshoots
        if (intent.side === 'sell') expect(current - amount).toBeGreaterThanOrEqual(0n);
        if (intent.side === 'sell' && !intent.closesPosition)
          expect(current - amount).toBeGreaterThanOrEqual(target); // sells never below target
      }
      for (const s of skipped) expect(seen.has(s.symbol)).toBe(false);
    }
  });
});
