import fc from 'fast-check';
import { requestValidator } from '../../test/support/alpaca-contract';
import { AlpacaError } from './alpaca-errors';
import { validateOrderRequest } from './order-validation';

/** POST /v2/orders' request body schema from Alpaca's official spec (backend/openapi/). */
const specAccepts = requestValidator('/v2/orders', 'post');

const FIELDS = [
  'symbol',
  'qty',
  'notional',
  'side',
  'type',
  'time_in_force',
  'limit_price',
  'stop_price',
  'trail_price',
  'trail_percent',
  'extended_hours',
  'client_order_id',
  'order_class',
  'take_profit',
  'stop_loss',
  'position_intent',
  'legs',
  'advanced_instructions',
];

/** Values near and far from what each field takes: right and wrong types, enum members, amounts. */
const value = fc.oneof(
  fc.constantFrom('buy', 'sell', 'market', 'limit', 'day', 'gtc', 'simple', '', 'bracket', 'mleg'),
  fc.constantFrom('buy_to_open', 'sell_to_close', 'SPY', 'BRK.B', 'x'.repeat(129)),
  fc.constantFrom('1', '0', '0.5', '600.00', '10.123', '-5', '1e3', ' 1', '0.0000000001'),
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.integer(),
  fc.constant(null),
  fc.constant({}),
  fc.constant({ limit_price: '1' }),
  fc.constant([]),
);

/** A body built on a valid order with fields drawn, dropped or added (spec fields and strangers). */
const body = fc
  .record({
    base: fc.constant({
      symbol: 'SPY',
      side: 'buy',
      type: 'market',
      time_in_force: 'day',
      notional: '600.00',
    }),
    changes: fc.dictionary(
      fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 6 })),
      value,
      {
        maxKeys: 4,
      },
    ),
    dropped: fc.subarray(['symbol', 'side', 'type', 'time_in_force', 'notional']),
  })
  .map(({ base, changes, dropped }) => {
    const merged: Record<string, unknown> = { ...base, ...changes };
    for (const field of dropped) delete merged[field];
    return merged;
  });

function outcome(input: unknown): 'accepted' | AlpacaError {
  try {
    validateOrderRequest(input);
    return 'accepted';
  } catch (error) {
    if (error instanceof AlpacaError) return error;
    throw error;
  }
}

describe('validateOrderRequest against Alpaca’s spec', () => {
  it('accepts nothing the spec’s request schema refuses, and names the field in every refusal', () => {
    fc.assert(
      fc.property(body, (input) => {
        const result = outcome(input);
        if (result === 'accepted') {
          expect(specAccepts(input)).toBe(true);
          return;
        }
        expect([result.status, result.code]).toEqual([422, 40010001]);
        const named = [...FIELDS, 'request body', ...Object.keys(input)];
        expect(named.some((field) => result.message.includes(field))).toBe(true);
      }),
      { seed: 20261202, numRuns: 2000 },
    );
  });

  // Counterexample of the property above (seed 20261202): the refusal did not name `type`.
  it('a limit order is refused naming the type', () => {
    const refusal = outcome({
      symbol: 'SPY',
      side: 'buy',
      type: 'limit',
      time_in_force: 'day',
      notional: '600.00',
    });
    expect(refusal).toMatchObject({
      status: 422,
      message: 'the sandbox supports market orders only (type "limit")',
    });
  });

  it('a simple market day order by qty or notional is accepted and the spec agrees', () => {
    for (const amount of [{ qty: '0.5' }, { qty: '3' }, { notional: '1.00' }]) {
      const input = {
        symbol: 'SPY',
        side: 'sell',
        type: 'market',
        time_in_force: 'day',
        ...amount,
      };
      expect(outcome(input)).toBe('accepted');
      expect(specAccepts(input)).toBe(true);
    }
  });
});
