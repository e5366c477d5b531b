import { AppConfig } from '../../infra/config/app-config';
import type { PlanInput } from './plan.types';
import { asset, assets } from '../../../test/factories/planner.factory';
import { plan, planDetailed, type RiskLimits } from './planner';
import { PlannerService } from './planner.service';

const LIMITS: RiskLimits = {
  maxOrderNotional: 100_000,
  maxDailyNotional: 1_000_000,
  maxPositions: 20,
  symbolBlocklist: [],
  minOrderNotional: 1,
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
  assets: { ...assets(['SPY', 'TLT', 'QQQ']), 'BRK.B': asset({ fractionable: false }) },
  alreadySentNotionalToday: '0',
  ...overrides,
});

describe('plan (the run service port)', () => {
  it('returns exactly the fields the run persists', () => {
    expect(plan(input(), LIMITS)).toEqual({
      intents: [
        {
          symbol: 'SPY',
          side: 'buy',
          notional: '60000.00',
          qty: null,
          estimatedNotional: '60000.00',
          price: null, // nothing held: the plan knew no price (no slippage is claimed)
          status: 'planned',
          riskNotes: [],
        },
        {
          symbol: 'TLT',
          side: 'buy',
          notional: '40000.00',
          qty: null,
          estimatedNotional: '40000.00',
          price: null, // nothing held: the plan knew no price (no slippage is claimed)
          status: 'planned',
          riskNotes: [],
        },
      ],
      skipped: [],
    });
  });

  it('sizes whole shares with the position price and exits untargeted positions by quantity', () => {
    const { intents } = planDetailed(
      input({
        targets: [{ symbol: 'BRK.B', weight: 0.02 }],
        positions: [
          { symbol: 'BRK.B', qty: '2', marketValue: '940.00', side: 'long', price: '475.00' },
          { symbol: 'QQQ', qty: '0.5', marketValue: '260.00', side: 'long', price: null },
        ],
      }),
      LIMITS,
    );
    expect(intents.map((i) => [i.side, i.symbol, i.qty, i.notional, i.estimatedNotional])).toEqual([
      ['sell', 'QQQ', '0.5', null, '260.00'],
      ['buy', 'BRK.B', '2', null, '950.00'], // 2000 − 940 = 1060 → 2 shares at 475.00
    ]);
  });

  it('applies the daily cap with what earlier runs sent, and counts held positions for the cap', () => {
    const result = plan(
      input({
        alreadySentNotionalToday: '990000.00',
        positions: [{ symbol: 'QQQ', qty: '1', marketValue: '500', side: 'long', price: '500' }],
      }),
      { ...LIMITS, maxPositions: 2 },
    );
    expect(result.intents.map((i) => [i.symbol, i.side, i.status, i.notional ?? i.qty])).toEqual([
      ['QQQ', 'sell', 'planned', '1'],
      ['SPY', 'buy', 'planned', '9500.00'],
      ['TLT', 'buy', 'dropped', '40000.00'],
    ]);
  });

  it('is what PlannerService.plan gives with the configured limits', () => {
    const config = AppConfig.fromEnv({ RISK_MAX_ORDER_NOTIONAL: '25000' });
    const service = new PlannerService(config);
    expect(service.plan(input())).toEqual(plan(input(), config.risk));
    expect(service.plan(input()).intents[0]).toMatchObject({ notional: '25000.00' });
    expect(
      service.clientOrderId({
        tradingDay: '2026-11-23',
        strategy: 'fixed-weights',
        symbol: 'SPY',
        side: 'buy',
      }),
    ).toBe('ob-2026-11-23-fixed-weights-SPY-buy');
  });
});
