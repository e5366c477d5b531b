import { order, sandboxPerTest } from '../support/sandbox-http';

describe('sandbox POST /v2/orders validation (Alpaca’s spec)', () => {
  const box = sandboxPerTest();
  const { start } = box;
  /** POST /v2/orders must answer 422 40010001 with exactly this message. */
  const refusal =
    (http: Awaited<ReturnType<typeof start>>) => async (body: unknown, message: string) => {
      const res = await http.post('/v2/orders', body);
      expect([res.status, res.body]).toEqual([422, { code: 40010001, message }]);
    };

  it('validates order requests like Alpaca: unknown or missing fields are 422', async () => {
    const http = await start();
    const refused = async (body: unknown, message: RegExp, status = 422) => {
      const res = await http.post('/v2/orders', body);
      expect([res.status, res.body?.code]).toEqual([status, status === 422 ? 40010001 : 40010000]);
      expect(res.body.message).toMatch(message);
    };
    await refused(order({ colour: 'blue' }), /unknown field\(s\): colour/);
    await refused({ ...order(), symbol: undefined }, /symbol is required/);
    await refused({ ...order(), side: undefined }, /side is required/);
    await refused(order({ side: 'short' }), /side must be buy or sell/);
    await refused(order({ qty: '1' }), /cannot both be given/);
    await refused({ ...order(), notional: undefined }, /qty or notional is required/);
    await refused(order({ notional: 600 }), /notional must be a string/);
    await refused(order({ notional: '-5' }), /positive decimal/);
    await refused(order({ notional: '10.123' }), /at most 2 decimal places/);
    await refused(order({ type: 'limit' }), /market orders only/);
    await refused(order({ client_order_id: 'x'.repeat(129) }), /128 characters/);
    await refused(order({ symbol: 'NOPE' }), /not found/);
    await refused(order({ symbol: 'LOCKED' }), /not tradable/);
    await refused('{not json', /malformed JSON/, 400);
    expect((await http.get('/v2/orders?status=pending')).status).toBe(422);
    expect((await http.get('/v2/calendar?start=2026-02-30&end=2026-03-01')).status).toBe(400);
    expect(box.sandbox.control.orderCount()).toBe(0);
  });

  it('holds every field to the type and enum of Alpaca’s spec, naming the field (422 40010001)', async () => {
    const refused = refusal(await start());
    await refused(order({ qty: null, notional: '600.00' }), 'qty must be a string');
    await refused(order({ client_order_id: 7 }), 'client_order_id must be a string');
    await refused(order({ extended_hours: 'no' }), 'extended_hours must be a boolean');
    await refused(order({ take_profit: '650' }), 'take_profit must be an object');
    await refused(order({ legs: {} }), 'legs must be an array');
    await refused(
      order({ type: 'moc' }),
      'type must be market, limit, stop, stop_limit or trailing_stop',
    );
    await refused(
      order({ time_in_force: 'forever' }),
      'time_in_force must be day, gtc, opg, cls, ioc or fok',
    );
    await refused(
      order({ order_class: 'simpel' }),
      'order_class must be simple, bracket, oco, oto, mleg or ""',
    );
    await refused(
      order({ position_intent: 'open' }),
      'position_intent must be buy_to_open, buy_to_close, sell_to_open or sell_to_close',
    );
    expect(box.sandbox.control.orderCount()).toBe(0);
    expect(box.sandbox.control.received).toEqual([]);
  });

  it('refuses what the spec allows but the sandbox does not simulate, instead of ignoring it', async () => {
    const refused = refusal(await start());
    await refused(order({ time_in_force: 'gtc' }), 'the sandbox supports time_in_force "day" only');
    await refused(
      order({ order_class: 'bracket', take_profit: { limit_price: '700' } }),
      'the sandbox supports order_class "simple" only',
    );
    await refused(
      order({ extended_hours: true }),
      'extended_hours works only with type limit (the sandbox: market orders only)',
    );
    await refused(
      order({ limit_price: '600', stop_loss: { stop_price: '500' } }),
      'the sandbox supports simple market orders only (got limit_price, stop_loss)',
    );
    expect(box.sandbox.control.orderCount()).toBe(0);
  });

  it('accepts what the spec allows and the sandbox simulates: the optional fields at their defaults, an asset id', async () => {
    const http = await start();
    const spy = (await http.get('/v2/assets/SPY')).body;
    const placed = await http.post(
      '/v2/orders',
      order({
        symbol: spy.id,
        order_class: 'simple',
        extended_hours: false,
        position_intent: 'buy_to_open',
      }),
    );
    expect([placed.status, placed.body.symbol, placed.body.status]).toEqual([200, 'SPY', 'filled']);
    const blank = await http.post('/v2/orders', order({ order_class: '', client_order_id: '' }));
    expect(blank.status).toBe(200);
    expect(blank.body.client_order_id).toMatch(/^[0-9a-f-]{36}$/); // generated, as Alpaca does
  });
});
