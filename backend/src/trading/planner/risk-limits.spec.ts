import {
  looseRiskLimits,
  notionalOrder,
  quantityOrder,
  seededRandom,
} from '../../../test/factories/planner.factory';
import { dollars, parseDecimal } from './decimal';
import { PlanningError, type RiskCheckedOrder } from './planned-order';
import { applyRiskLimits } from './risk-limits';

const planned = (orders: RiskCheckedOrder[]) => orders.filter((o) => o.status === 'planned');
const total = (orders: RiskCheckedOrder[]) =>
  planned(orders).reduce((sum, o) => sum + parseDecimal(o.estimatedNotional), 0n);

describe('applyRiskLimits', () => {
  it('passes orders within every limit untouched, sells first', () => {
    const result = applyRiskLimits(
      [notionalOrder('SPY', 'buy', '600.00'), notionalOrder('TLT', 'sell', '400.00')],
      looseRiskLimits({ currentPositionSymbols: ['TLT'] }),
    );
    expect(result).toEqual([
      { ...notionalOrder('TLT', 'sell', '400.00'), status: 'planned', riskNotes: [] },
      { ...notionalOrder('SPY', 'buy', '600.00'), status: 'planned', riskNotes: [] },
    ]);
  });

  describe('blocklist', () => {
    it('drops blocklisted symbols in both directions, whatever the case', () => {
      const result = applyRiskLimits(
        [
          notionalOrder('TLT', 'sell', '400.00'),
          notionalOrder('SPY', 'buy', '600.00'),
          notionalOrder('QQQ', 'buy', '600.00'),
        ],
        looseRiskLimits({ symbolBlocklist: ['spy', ' TLT '] }),
      );
      expect(result.map((o) => [o.symbol, o.status])).toEqual([
        ['TLT', 'dropped'],
        ['SPY', 'dropped'],
        ['QQQ', 'planned'],
      ]);
      expect(result[1].riskNotes).toEqual([
        { rule: 'RISK_SYMBOL_BLOCKLIST', action: 'dropped', detail: 'SPY is on the blocklist' },
      ]);
    });
  });

  describe('per-order cap', () => {
    it('clips a notional order to the cap', () => {
      const [spy] = applyRiskLimits(
        [notionalOrder('SPY', 'buy', '60000.00')],
        looseRiskLimits({ maxOrderNotional: 25_000 }),
      );
      expect(spy).toMatchObject({
        notional: '25000.00',
        estimatedNotional: '25000.00',
        status: 'planned',
        riskNotes: [
          {
            rule: 'RISK_MAX_ORDER_NOTIONAL',
            action: 'clipped',
            detail: '60000.00 clipped to 25000.00: per-order cap of 25000.00',
          },
        ],
      });
    });

    it('clips a whole-share order to the whole shares that fit', () => {
      const [brk] = applyRiskLimits(
        [quantityOrder('BRK.B', 'buy', '10', '470.25', '4702.50')],
        looseRiskLimits({ maxOrderNotional: 1000 }),
      );
      expect(brk).toMatchObject({ qty: '2', notional: null, estimatedNotional: '940.50' });
      expect(brk.status).toBe('planned');
    });

    it('turns a clipped fractional exit into a notional sell that no longer closes the position', () => {
      const [qqq] = applyRiskLimits(
        [
          quantityOrder('QQQ', 'sell', '3.123456789', '520', '1624.20', {
            fractionable: true,
            closesPosition: true,
          }),
        ],
        looseRiskLimits({ maxOrderNotional: 1000 }),
      );
      expect(qqq).toMatchObject({
        qty: null,
        notional: '1000.00',
        closesPosition: false,
        status: 'planned',
      });
    });

    it('drops an order the cap leaves without a single share or below the minimum', () => {
      const [brk, spy] = applyRiskLimits(
        [
          quantityOrder('BRK.B', 'buy', '10', '470.25', '4702.50'),
          notionalOrder('SPY', 'buy', '600.00'),
        ],
        looseRiskLimits({ maxOrderNotional: 400, minOrderNotional: 500 }),
      );
      expect(brk).toMatchObject({
        status: 'dropped',
        qty: '10', // reported as planned, before the limit
        riskNotes: [
          {
            rule: 'RISK_MAX_ORDER_NOTIONAL',
            action: 'dropped',
            detail: '4702.50 does not fit: per-order cap of 400.00',
          },
        ],
      });
      expect(spy).toMatchObject({ status: 'dropped', notional: '600.00' });
    });
  });

  describe('daily notional', () => {
    it('counts earlier runs of the day, clips the order that crosses the cap, then drops the rest', () => {
      const result = applyRiskLimits(
        [
          notionalOrder('SPY', 'buy', '60000.00'),
          notionalOrder('TLT', 'buy', '40000.00'),
          notionalOrder('QQQ', 'buy', '100.00'),
        ],
        looseRiskLimits({ maxDailyNotional: 80_000, alreadySubmittedNotionalToday: '15000.00' }),
      );
      expect(result.map((o) => [o.symbol, o.status, o.notional])).toEqual([
        ['SPY', 'planned', '60000.00'],
        ['TLT', 'planned', '5000.00'],
        ['QQQ', 'dropped', '100.00'],
      ]);
      expect(result[1].riskNotes).toEqual([
        {
          rule: 'RISK_MAX_DAILY_NOTIONAL',
          action: 'clipped',
          detail:
            '40000.00 clipped to 5000.00: 5000.00 left of the daily cap of 80000.00 (15000.00 sent by earlier runs today)',
        },
      ]);
      expect(result[2].riskNotes[0]).toMatchObject({
        rule: 'RISK_MAX_DAILY_NOTIONAL',
        action: 'dropped',
      });
    });

    it('counts sells as traded notional too', () => {
      const result = applyRiskLimits(
        [notionalOrder('SPY', 'buy', '500.00'), notionalOrder('TLT', 'sell', '800.00')],
        looseRiskLimits({ maxDailyNotional: 1000 }),
      );
      expect(result.map((o) => [o.symbol, o.side, o.status, o.notional])).toEqual([
        ['TLT', 'sell', 'planned', '800.00'],
        ['SPY', 'buy', 'planned', '200.00'],
      ]);
    });

    it('drops everything once the day is used up, and when earlier runs overshot it', () => {
      for (const already of ['80000', '95000.00']) {
        const result = applyRiskLimits(
          [notionalOrder('TLT', 'sell', '10.00'), notionalOrder('SPY', 'buy', '10.00')],
          looseRiskLimits({ maxDailyNotional: 80_000, alreadySubmittedNotionalToday: already }),
        );
        expect(result.map((o) => o.status)).toEqual(['dropped', 'dropped']);
      }
    });

    it('drops rather than clips when what is left is below the minimum order', () => {
      const [spy] = applyRiskLimits(
        [notionalOrder('SPY', 'buy', '100.00')],
        looseRiskLimits({
          maxDailyNotional: 1000,
          alreadySubmittedNotionalToday: '999.50',
          minOrderNotional: 1,
        }),
      );
      expect(spy).toMatchObject({ status: 'dropped', notional: '100.00' });
    });

    it('holds across two runs of one day when the second is told what the first sent', () => {
      const orders = [
        notionalOrder('SPY', 'buy', '30000.00'),
        notionalOrder('TLT', 'buy', '30000.00'),
      ];
      const limits = looseRiskLimits({ maxDailyNotional: 50_000 });
      const first = applyRiskLimits(orders, limits);
      const second = applyRiskLimits(orders, {
        ...limits,
        alreadySubmittedNotionalToday: dollars(total(first)),
      });
      expect(total(first)).toBe(parseDecimal('50000'));
      expect(second.map((o) => o.status)).toEqual(['dropped', 'dropped']);
    });

    it('lets dropped orders consume nothing of the day', () => {
      const result = applyRiskLimits(
        [notionalOrder('SPY', 'buy', '900.00'), notionalOrder('TLT', 'buy', '900.00')],
        looseRiskLimits({ maxDailyNotional: 1000, symbolBlocklist: ['SPY'] }),
      );
      expect(result.map((o) => [o.symbol, o.status, o.notional])).toEqual([
        ['SPY', 'dropped', '900.00'],
        ['TLT', 'planned', '900.00'],
      ]);
    });
  });

  describe('max positions', () => {
    it('drops buys that would open positions beyond the cap, keeps buys of held symbols', () => {
      const result = applyRiskLimits(
        [
          notionalOrder('AAA', 'buy', '100.00'),
          notionalOrder('BBB', 'buy', '100.00'),
          notionalOrder('CCC', 'buy', '100.00'),
          notionalOrder('HELD', 'buy', '100.00'),
        ],
        looseRiskLimits({ maxPositions: 3, currentPositionSymbols: ['HELD', 'OTHER'] }),
      );
      expect(result.map((o) => [o.symbol, o.status])).toEqual([
        ['AAA', 'planned'],
        ['BBB', 'dropped'],
        ['CCC', 'dropped'],
        ['HELD', 'planned'],
      ]);
      expect(result[1].riskNotes).toEqual([
        {
          rule: 'RISK_MAX_POSITIONS',
          action: 'dropped',
          detail: 'buying BBB would open position 4, beyond the cap of 3',
        },
      ]);
    });

    it('never drops sells, even above the cap', () => {
      const result = applyRiskLimits(
        [notionalOrder('AAA', 'sell', '100.00'), notionalOrder('BBB', 'sell', '100.00')],
        looseRiskLimits({ maxPositions: 1, currentPositionSymbols: ['AAA', 'BBB', 'CCC'] }),
      );
      expect(result.map((o) => o.status)).toEqual(['planned', 'planned']);
    });

    it('frees a slot for each full exit that survives the limits, not for partial or dropped ones', () => {
      const exit = (symbol: string) =>
        notionalOrder(symbol, 'sell', '100.00', { closesPosition: true, qty: null });
      const result = applyRiskLimits(
        [
          exit('OLD1'),
          exit('OLD2'), // blocklisted: stays held
          notionalOrder('OLD3', 'sell', '50.00'), // partial: stays held
          notionalOrder('NEW1', 'buy', '100.00'),
          notionalOrder('NEW2', 'buy', '100.00'),
        ],
        looseRiskLimits({
          maxPositions: 3,
          currentPositionSymbols: ['OLD1', 'OLD2', 'OLD3'],
          symbolBlocklist: ['OLD2'],
        }),
      );
      expect(result.map((o) => [o.symbol, o.status])).toEqual([
        ['OLD1', 'planned'],
        ['OLD2', 'dropped'],
        ['OLD3', 'planned'],
        ['NEW1', 'planned'],
        ['NEW2', 'dropped'],
      ]);
    });
  });

  it('refuses limits that are not amounts', () => {
    expect(() =>
      applyRiskLimits([], looseRiskLimits({ alreadySubmittedNotionalToday: 'unknown' })),
    ).toThrow(PlanningError);
    expect(() => applyRiskLimits([], looseRiskLimits({ maxDailyNotional: -1 }))).toThrow(
      'risk limit maxDailyNotional is not a non-negative decimal: "-1"',
    );
  });

  it('never plans past a cap over 500 generated plans', () => {
    const random = seededRandom(42);
    for (let run = 0; run < 500; run++) {
      const orders = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, i) => {
        const side = random() < 0.4 ? 'sell' : 'buy';
        const symbol = `S${i}`;
        if (random() < 0.3) {
          const price = (1 + random() * 500).toFixed(2);
          const qty = String(1 + Math.floor(random() * 50));
          const estimate = ((Number(qty) * Math.round(Number(price) * 100)) / 100).toFixed(2);
          return quantityOrder(symbol, side, qty, price, estimate);
        }
        return notionalOrder(symbol, side, (1 + random() * 20_000).toFixed(2));
      });
      const held = orders.filter(() => random() < 0.5).map((o) => o.symbol);
      const limits = looseRiskLimits({
        maxOrderNotional: Math.floor(random() * 10_000),
        maxDailyNotional: Math.floor(random() * 60_000),
        alreadySubmittedNotionalToday: (random() * 20_000).toFixed(2),
        maxPositions: Math.floor(random() * 8),
        currentPositionSymbols: held,
        minOrderNotional: 1,
      });
      const result = applyRiskLimits(orders, limits);

      expect(result).toHaveLength(orders.length);
      const dailyLeft =
        parseDecimal(String(limits.maxDailyNotional)) -
        parseDecimal(String(limits.alreadySubmittedNotionalToday));
      expect(total(result)).toBeLessThanOrEqual(dailyLeft < 0n ? 0n : dailyLeft);
      for (const order of planned(result)) {
        const estimate = parseDecimal(order.estimatedNotional);
        expect(estimate).toBeLessThanOrEqual(parseDecimal(String(limits.maxOrderNotional)));
        expect(estimate).toBeGreaterThanOrEqual(parseDecimal('1'));
      }
      for (const order of result)
        if (order.status === 'dropped') expect(order.riskNotes.at(-1)?.action).toBe('dropped');
      const opened = planned(result).filter((o) => o.side === 'buy' && !held.includes(o.symbol));
      if (opened.length > 0)
        expect(held.length + opened.length).toBeLessThanOrEqual(limits.maxPositions);
    }
  });
});
