import { expectMatchesSpec } from '../support/alpaca-contract';
import { waitFor } from '../support/app';
import { order, OPEN, BEFORE_OPEN, sandboxPerTest } from '../support/sandbox-http';

describe('sandbox exchange: fills, positions, cash, cancels, order fates', () => {
  const box = sandboxPerTest();
  const { start } = box;

  it('fills at the symbol’s deterministic price while open; positions and cash follow', async () => {
    const http = await start({ cash: '10000' });
    const notional = await http.post('/v2/orders', order({ notional: '1500.00' }));
    expect(notional.body).toMatchObject({
      status: 'filled',
      filled_qty: '2.500000000',
      filled_avg_price: '600.00',
      notional: '1500.00',
      qty: null,
    });
    const qty = await http.post(
      '/v2/orders',
      order({ symbol: 'BRK.B', qty: '2', notional: undefined }),
    );
    expect(qty.body).toMatchObject({
      status: 'filled',
      filled_qty: '2.000000000',
      filled_avg_price: '470.00',
    });
    expect((await http.get('/v2/account')).body).toMatchObject({
      cash: '7560.00', // 10000 − 1500 − 940
      equity: '10000.00',
      buying_power: '7560.00',
      long_market_value: '2440.00',
    });
    expect((await http.get('/v2/positions')).body).toMatchObject([
      { symbol: 'BRK.B', qty: '2.000000000', market_value: '940.00' },
      { symbol: 'SPY', qty: '2.500000000', market_value: '1500.00' },
    ]);
    const sell = await http.post(
      '/v2/orders',
      order({ side: 'sell', qty: '0.5', notional: undefined }),
    );
    expect(sell.body).toMatchObject({ status: 'filled', filled_qty: '0.500000000' });
    expect((await http.get('/v2/account')).body.cash).toBe('7860.00');
    box.sandbox.control.setPrice('SPY', '700.00');
    expect((await http.post('/v2/orders', order({ notional: '700.00' }))).body).toMatchObject({
      filled_qty: '1.000000000',
      filled_avg_price: '700.00',
    });
  });

  it('allows fractions only for fractionable assets', async () => {
    const http = await start();
    const fractional = await http.post(
      '/v2/orders',
      order({ symbol: 'BRK.B', qty: '1.5', notional: undefined }),
    );
    expect([fractional.status, fractional.body.message]).toEqual([
      422,
      'fractional orders are not supported for BRK.B (not fractionable)',
    ]);
    expect((await http.post('/v2/orders', order({ symbol: 'BRK.B' }))).status).toBe(422);
    expect(
      (await http.post('/v2/orders', order({ symbol: 'SPY', qty: '0.001', notional: undefined })))
        .status,
    ).toBe(200);
  });

  it('keeps orders accepted while the market is closed and fills them at the open', async () => {
    const http = await start({ clock: { at: BEFORE_OPEN }, cash: '1000' });
    const placed = await http.post('/v2/orders', order({ notional: '600.00' }));
    expect(placed.body.status).toBe('accepted');
    // Open orders hold buying power: a second order that would overdraw is refused.
    expect((await http.get('/v2/account')).body).toMatchObject({
      cash: '1000.00',
      buying_power: '400.00',
    });
    const over = await http.post('/v2/orders', order({ notional: '500.00' }));
    expect([over.status, over.body]).toEqual([
      403,
      { code: 40310000, message: 'insufficient buying power' },
    ]);
    expect((await http.get('/v2/orders?status=open')).body).toHaveLength(1);
    box.sandbox.control.setClock({ at: OPEN });
    expect((await http.get(`/v2/orders/${placed.body.id}`)).body).toMatchObject({
      status: 'filled',
      filled_qty: '1.000000000',
      filled_at: '2026-11-23T15:00:00.000Z',
    });
    expect((await http.get('/v2/account')).body.cash).toBe('400.00');
  });

  it('fills after the configured delay', async () => {
    const http = await start({ fillDelayMs: 150 });
    const placed = await http.post('/v2/orders', order());
    const acceptedAt = Date.now();
    expect(placed.body.status).toBe('accepted');
    await waitFor(
      async () => (await http.get(`/v2/orders/${placed.body.id}`)).body.status === 'filled',
    );
    expect(Date.now() - acceptedAt).toBeGreaterThanOrEqual(140);
  });

  it('refuses sells beyond the available quantity with 403 40310000', async () => {
    const http = await start({ positions: { SPY: '1' }, clock: { at: BEFORE_OPEN } });
    expect(
      (await http.post('/v2/orders', order({ side: 'sell', qty: '0.6', notional: undefined })))
        .status,
    ).toBe(200);
    const over = await http.post(
      '/v2/orders',
      order({ side: 'sell', qty: '0.5', notional: undefined }),
    );
    expect([over.status, over.body.code]).toEqual([403, 40310000]);
    expect(over.body.message).toMatch(/insufficient qty available .*available: 0.400000000/);
  });

  it('422 40010001 on a duplicate client_order_id, 404 40410000 on an unknown order', async () => {
    const http = await start();
    expect((await http.post('/v2/orders', order({ client_order_id: 'same' }))).status).toBe(200);
    const duplicate = await http.post(
      '/v2/orders',
      order({ client_order_id: 'same', notional: '1.00' }),
    );
    expect([duplicate.status, duplicate.body]).toEqual([
      422,
      { code: 40010001, message: 'client_order_id must be unique' },
    ]);
    expect(box.sandbox.control.received.map((r) => [r.clientOrderId, r.accepted])).toEqual([
      ['same', true],
      ['same', false],
    ]);
    expect(box.sandbox.control.acceptedClientOrderIds()).toEqual(['same']);
    for (const path of [
      '/v2/orders/00000000-0000-4000-8000-000000000000',
      '/v2/orders:by_client_order_id?client_order_id=never',
      '/v2/assets/NOPE',
    ]) {
      const res = await http.get(path);
      expect([res.status, res.body.code]).toEqual([404, 40410000]);
    }
    const cancelUnknown = await http.del('/v2/orders/00000000-0000-4000-8000-000000000000');
    expect([cancelUnknown.status, cancelUnknown.body.code]).toEqual([404, 40410000]);
  });

  it('cancels one open order (204), refuses a filled one (422), cancels all with 207', async () => {
    const http = await start({ clock: { at: BEFORE_OPEN } });
    const a = await http.post('/v2/orders', order());
    const b = await http.post('/v2/orders', order({ symbol: 'TLT' }));
    const one = await http.del(`/v2/orders/${a.body.id}`);
    expect([one.status, one.body]).toEqual([204, undefined]);
    expect((await http.get(`/v2/orders/${a.body.id}`)).body.status).toBe('canceled');
    expect((await http.del(`/v2/orders/${a.body.id}`)).status).toBe(422);
    const all = await http.del('/v2/orders');
    expect([all.status, all.body]).toEqual([207, [{ id: b.body.id, status: 200 }]]);
    expect((await http.del('/v2/orders')).body).toEqual([]);
  });

  it('order fates: partial fills, slow fills, broker cancels and expiries, as Alpaca reports them', async () => {
    const http = await start({ cash: '10000' });
    const { control } = box.sandbox;
    control.inject({ route: 'POST /v2/orders', kind: 'partial-fill', fraction: 0.25 });
    control.inject({ route: 'POST /v2/orders', kind: 'slow-fill', delayMs: 150, skip: 1 });
    control.inject({ route: 'POST /v2/orders', kind: 'broker-cancel', delayMs: 0, skip: 2 });
    control.inject({ route: 'POST /v2/orders', kind: 'expire', delayMs: 0, skip: 3 });
    const partial = await http.post('/v2/orders', order({ notional: '1200.00' }));
    const slow = await http.post('/v2/orders', order({ symbol: 'TLT', notional: '90.00' }));
    const canceled = await http.post(
      '/v2/orders',
      order({ symbol: 'QQQ', qty: '1', notional: undefined }),
    );
    const expired = await http.post(
      '/v2/orders',
      order({ symbol: 'AAPL', qty: '2', notional: undefined }),
    );
    const byId = async (id: string) => (await http.get(`/v2/orders/${id}`)).body;

    expect(partial.body).toMatchObject({ status: 'partially_filled', filled_qty: '0.500000000' });
    expect(slow.body.status).toBe('accepted');
    expect(await byId(canceled.body.id)).toMatchObject({ status: 'canceled', filled_qty: '0' });
    expect((await byId(expired.body.id)).status).toBe('expired');
    expect((await byId(expired.body.id)).expired_at).toEqual(expect.any(String));
    // Only the unfilled part of the partial buy (900) and the slow buy (90) are reserved.
    const account = (await http.get('/v2/account')).body;
    expect(account.cash).toBe('9700.00');
    expect(account.buying_power).toBe('8710.00');
    await waitFor(async () => (await byId(slow.body.id)).status === 'filled');
    for (const o of [partial, slow, canceled, expired])
      expectMatchesSpec('/v2/orders/{order_id}', 'get', await byId(o.body.id));

    // The close: the partly filled order expires with its filled part kept.
    control.expireOpenOrders();
    expect(await byId(partial.body.id)).toMatchObject({
      status: 'expired',
      filled_qty: '0.500000000',
    });
    expect(
      (await http.get('/v2/positions')).body.find((p: { symbol: string }) => p.symbol === 'SPY')
        .qty,
    ).toBe('0.500000000');
  });

  it('partial-fill on a whole-share asset fills whole shares, then the rest after delayMs', async () => {
    const http = await start();
    box.sandbox.control.inject({
      route: 'POST /v2/orders',
      kind: 'partial-fill',
      fraction: 0.5,
      delayMs: 100,
    });
    const placed = await http.post(
      '/v2/orders',
      order({ symbol: 'BRK.B', qty: '3', notional: undefined }),
    );
    expect(placed.body).toMatchObject({ status: 'partially_filled', filled_qty: '1.000000000' });
    await waitFor(
      async () => (await http.get(`/v2/orders/${placed.body.id}`)).body.status === 'filled',
    );
    expect(box.sandbox.control.allOrders()[0].filled_qty).toBe('3.000000000');
  });

  it('resetAccount starts the account over and keeps assets, clock and mode', async () => {
    const http = await start();
    await http.post('/v2/orders', order());
    box.sandbox.control.inject({ route: '*', kind: 'status-500', times: Infinity });
    box.sandbox.control.resetAccount({ cash: '500', positions: { TLT: '2' } });
    expect(box.sandbox.control.arrivals).toEqual([]);
    expect((await http.get('/v2/orders?status=all')).body).toEqual([]);
    expect((await http.get('/v2/account')).body).toMatchObject({
      cash: '500.00',
      equity: '680.00',
    });
    expect((await http.get('/v2/clock')).body.is_open).toBe(true);
    expect(box.sandbox.control.received).toEqual([]);
  });
});
