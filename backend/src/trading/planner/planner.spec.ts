import type { PlanInput } from '../run-ports';
import { clientOrderId } from './client-order-id';
import { applyRiskLimits, plan, planRebalance, type RiskLimits } from './planner';

const LIMITS: RiskLimits = {
  maxOrderNotional: 100_000,
  maxDailyNotional: 1_000_000,
  maxPositions: 20,
  symbolBlocklist: [],
  minOrderNotional: 1,
};
const ASSETS = {
  SPY: { tradable: true, fractionable: true, status: 'active' },
  TLT: { tradable: true, fractionable: true, status: 'active' },
  QQQ: { tradable: true, fractionable: true, status: 'active' },
  'BRK.B': { tradable: true, fractionable: false, status: 'active' },
  LOCKED: { tradable: false, fractionable: true, status: 'active' },
};

const input = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  tradingDay: '2026-11-23',
  strategy: 'fixed-weights',
  targets: [
    { symbol: 'SPY', weight: 0.6 },
    { symbol: 'TLT', weight: 0.4 },
  ],
  equity: '100000.00',
  positions: [],
  assets: ASSETS,
  alreadySentNotionalToday: '0',
  ...overrides,
});

describe('planner', () => {
  it('buys the targets from cash, in exact cents', () => {
    expect(plan(input(), LIMITS).intents).toEqual([
      {
        symbol: 'SPY',
        side: 'buy',
        notional: '60000.00',
        qty: null,
        status: 'planned',
        riskNotes: [],
      },
      {
        symbol: 'TLT',
        side: 'buy',
        notional: '40000.00',
        qty: null,
        status: 'planned',
        riskNotes: [],
      },
    ]);
  });

  it('rebalances against positions: sells first, then buys, rounding down to cents without float drift', () => {
    const result = plan(
      input({
        equity: '100000.03',
        targets: [
          { symbol: 'SPY', weight: 0.333333 },
          { symbol: 'TLT', weight: 0.666667 },
        ],
        positions: [
          { symbol: 'SPY', qty: '100', marketValue: '60000.00', side: 'long', price: '600.00' },
          { symbol: 'TLT', qty: '100', marketValue: '9000.00', side: 'long', price: '90.00' },
        ],
      }),
      LIMITS,
    );
    expect(result.intents.map((i) => [i.side, i.symbol, i.notional])).toEqual([
      ['sell', 'SPY', '26666.70'], // 60000.00 - 33333.30 (100000.03 × 0.333333 = 33333.3099…, down to cents)
      ['buy', 'TLT', '57666.72'], // 66666.72 - 9000.00
    ]);
  });

  it('exits positions no longer targeted by whole quantity', () => {
    const result = plan(
      input({
        targets: [{ symbol: 'SPY', weight: 0.5 }],
        positions: [
          { symbol: 'QQQ', qty: '3.5', marketValue: '1820.00', side: 'long', price: '520.00' },
        ],
      }),
      LIMITS,
    );
    expect(result.intents[0]).toEqual({
      symbol: 'QQQ',
      side: 'sell',
      notional: null,
      qty: '3.500000',
      status: 'planned',
      riskNotes: [],
    });
    expect(result.intents[1]).toMatchObject({ symbol: 'SPY', side: 'buy', notional: '50000.00' });
  });

  it('orders whole shares of non-fractionable assets, or skips them without a price', () => {
    const withPrice = plan(
      input({
        targets: [{ symbol: 'BRK.B', weight: 0.01 }],
        positions: [
          { symbol: 'BRK.B', qty: '1', marketValue: '470.00', side: 'long', price: '470.00' },
        ],
      }),
      LIMITS,
    );
    expect(withPrice.intents).toEqual([
      { symbol: 'BRK.B', side: 'buy', notional: null, qty: '1', status: 'planned', riskNotes: [] },
    ]); // 1000-470=530 → 1 share
    const noPrice = planRebalance(input({ targets: [{ symbol: 'BRK.B', weight: 0.5 }] }), 1);
    expect(noPrice.skipped).toEqual([
      { symbol: 'BRK.B', reason: 'not fractionable and no price known to size whole shares' },
    ]);
  });

  it('skips non-tradable, unknown assets and dust, each with a reason', () => {
    const result = plan(
      input({
        targets: [
          { symbol: 'LOCKED', weight: 0.1 },
          { symbol: 'NOPE', weight: 0.1 },
          { symbol: 'SPY', weight: 0.6 },
        ],
        positions: [
          { symbol: 'SPY', qty: '100', marketValue: '59999.50', side: 'long', price: '600.00' },
        ],
      }),
      LIMITS,
    );
    expect(result.intents).toEqual([]);
    expect(result.skipped).toEqual([
      { symbol: 'LOCKED', reason: 'asset not tradable' },
      { symbol: 'NOPE', reason: 'asset unknown to the broker' },
      { symbol: 'SPY', reason: 'dust: 0.50 below the minimum order of 1.00' },
    ]);
  });
});

describe('risk limits', () => {
  const drafts = () => planRebalance(input(), 1).drafts;

  it('drops blocklisted symbols', () => {
    const [spy, tlt] = applyRiskLimits(
      drafts(),
      { ...LIMITS, symbolBlocklist: ['tlt'] },
      { alreadySentNotionalToday: '0', heldSymbols: [] },
    );
    expect(spy.status).toBe('planned');
    expect(tlt).toMatchObject({
      status: 'dropped',
      riskNotes: [{ rule: 'RISK_SYMBOL_BLOCKLIST', action: 'dropped' }],
    });
  });

  it('clips an order to the per-order cap', () => {
    const [spy] = applyRiskLimits(
      drafts(),
      { ...LIMITS, maxOrderNotional: 25_000 },
      { alreadySentNotionalToday: '0', heldSymbols: [] },
    );
    expect(spy).toMatchObject({
      notional: '25000.00',
      status: 'planned',
      riskNotes: [{ rule: 'RISK_MAX_ORDER_NOTIONAL', action: 'clipped' }],
    });
  });

  it('holds the daily notional across runs: clips, then drops', () => {
    const intents = applyRiskLimits(
      drafts(),
      { ...LIMITS, maxDailyNotional: 80_000 },
      { alreadySentNotionalToday: '15000.00', heldSymbols: [] },
    );
    expect(intents[0]).toMatchObject({ symbol: 'SPY', notional: '60000.00', status: 'planned' });
    expect(intents[1]).toMatchObject({
      symbol: 'TLT',
      notional: '5000.00',
      status: 'planned',
      riskNotes: [{ rule: 'RISK_MAX_DAILY_NOTIONAL', action: 'clipped' }],
    });
    const exhausted = applyRiskLimits(
      drafts(),
      { ...LIMITS, maxDailyNotional: 80_000 },
      { alreadySentNotionalToday: '80000', heldSymbols: [] },
    );
    expect(exhausted.map((i) => i.status)).toEqual(['dropped', 'dropped']);
  });

  it('drops buys that would open positions beyond the cap, never sells', () => {
    const intents = applyRiskLimits(
      drafts(),
      { ...LIMITS, maxPositions: 2 },
      { alreadySentNotionalToday: '0', heldSymbols: ['QQQ'] },
    );
    expect(intents.map((i) => [i.symbol, i.status])).toEqual([
      ['SPY', 'planned'],
      ['TLT', 'dropped'],
    ]);
    expect(intents[1].riskNotes[0]).toMatchObject({ rule: 'RISK_MAX_POSITIONS' });
  });
});

describe('clientOrderId', () => {
  const key = {
    tradingDay: '2026-11-23',
    strategy: 'fixed-weights',
    symbol: 'BRK.B',
    side: 'buy' as const,
  };

  it('is deterministic and readable', () => {
    expect(clientOrderId(key)).toBe('ob-2026-11-23-fixed-weights-BRK.B-buy');
    expect(clientOrderId({ ...key })).toBe(clientOrderId(key));
    expect(clientOrderId({ ...key, side: 'sell' })).not.toBe(clientOrderId(key));
    expect(clientOrderId({ ...key, tradingDay: '2026-11-24' })).not.toBe(clientOrderId(key));
  });

  it('stays within 128 safe characters for long inputs, still unique', () => {
    const long = clientOrderId({ ...key, strategy: 'x'.repeat(300) });
    const other = clientOrderId({ ...key, strategy: 'x'.repeat(299) + 'y' });
    expect(long.length).toBeLessThanOrEqual(128);
    expect(long).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(long).not.toBe(other);
    expect(clientOrderId({ ...key, strategy: 'a b/c' })).toBe('ob-2026-11-23-a_b_c-BRK.B-buy');
  });
});
