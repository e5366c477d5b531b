import fc from 'fast-check';
import { orderSlippage, runSlippage, type SlippageInput } from './slippage';

const order = (over: Partial<SlippageInput>): SlippageInput => ({
  side: 'buy',
  plannedPrice: '100',
  filledQty: '10',
  filledAvgPrice: '100.05',
  estimatedNotional: '1000.00',
  ...over,
});

describe('slippage (exact decimals)', () => {
  it('a buy filled above its planned price costs: 5 bps, 50 cents on 10 shares', () => {
    const s = orderSlippage(order({}));
    expect(s.slippageBps).toBe('5.00');
    expect(s.slippageDollars).toBe('0.50');
    expect(s.filledNotional).toBe('1000.50');
  });

  it('a sell filled below its planned price costs too; above it is a gain (negative)', () => {
    expect(orderSlippage(order({ side: 'sell', filledAvgPrice: '99.9' })).slippageBps).toBe(
      '10.00',
    );
    expect(orderSlippage(order({ side: 'sell', filledAvgPrice: '100.1' })).slippageDollars).toBe(
      '-1.00',
    );
  });

  it('no float drift: 0.1 + 0.2 style prices stay exact', () => {
    const s = orderSlippage(
      order({ plannedPrice: '0.3', filledAvgPrice: '0.30000001', filledQty: '100000000' }),
    );
    expect(s.slippageDollars).toBe('1.00');
    expect(s.slippageBps).toBe('0.00'); // 0.00033 bp
    const t = orderSlippage(
      order({ plannedPrice: '0.3', filledAvgPrice: '0.3003', filledQty: '1000' }),
    );
    expect(t.slippageDollars).toBe('0.30');
    expect(t.slippageBps).toBe('10.00');
  });

  it('nothing is claimed without both prices: no planned price (symbol not held) or no fill', () => {
    expect(orderSlippage(order({ plannedPrice: null })).slippageBps).toBeNull();
    expect(orderSlippage(order({ filledQty: '0' })).slippageDollars).toBeNull();
    expect(orderSlippage(order({ filledAvgPrice: null })).filledNotional).toBeNull();
  });

  it('totals: only measured orders count toward slippage; every fill toward the filled notional', () => {
    const { totals } = runSlippage([
      order({}),
      order({ side: 'sell', filledAvgPrice: '99.95' }),
      order({ plannedPrice: null, filledAvgPrice: '50', estimatedNotional: '500.00' }),
    ]);
    expect(totals).toEqual({
      measuredOrders: 2,
      plannedNotional: '2500.00',
      filledNotional: '2500.00',
      slippageDollars: '1.00',
      slippageBps: '5.00',
    });
  });

  const price = fc.integer({ min: 1, max: 100_000_000 }).map((cents) => (cents / 100).toFixed(2));
  const qty = fc.integer({ min: 1, max: 1_000_000_000 }).map((n) => (n / 1000).toFixed(3));

  it('property: a buy and a sell at the same prices have opposite slippage; zero iff the prices match', () => {
    fc.assert(
      fc.property(price, price, qty, (planned, fill, q) => {
        const buy = orderSlippage(
          order({ plannedPrice: planned, filledAvgPrice: fill, filledQty: q }),
        );
        const sell = orderSlippage(
          order({ side: 'sell', plannedPrice: planned, filledAvgPrice: fill, filledQty: q }),
        );
        const negate = (s: string) =>
          s.startsWith('-') ? s.slice(1) : /[1-9]/.test(s) ? `-${s}` : s;
        expect(sell.slippageDollars).toBe(negate(buy.slippageDollars!));
        expect(sell.slippageBps).toBe(negate(buy.slippageBps!));
        expect(buy.cost === 0n).toBe(planned === fill || Number(planned) === Number(fill));
        // Sign of the cost matches the sign of (fill − planned) on a buy.
        expect(Math.sign(Number(buy.cost))).toBe(Math.sign(Number(fill) - Number(planned)));
      }),
      { seed: 1414, numRuns: 500 },
    );
  });

  it('property: the run total equals the sum of the orders within a cent per order (truncation only)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(price, price, qty, fc.constantFrom('buy' as const, 'sell' as const)), {
          minLength: 1,
          maxLength: 20,
        }),
        (rows) => {
          const orders = rows.map(([p, f, q, side]) =>
            order({ side, plannedPrice: p, filledAvgPrice: f, filledQty: q }),
          );
          const { orders: each, totals } = runSlippage(orders);
          const sumCents = each.reduce(
            (sum, o) => sum + BigInt(o.slippageDollars!.replace('.', '')),
            0n,
          );
          const totalCents = BigInt(totals.slippageDollars.replace('.', ''));
          const gap = totalCents - sumCents;
          expect(gap <= BigInt(rows.length) && gap >= -BigInt(rows.length)).toBe(true);
          expect(totals.measuredOrders).toBe(rows.length);
        },
      ),
      { seed: 1415, numRuns: 300 },
    );
  });
});
