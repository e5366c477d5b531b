import { expectMatchesSpec } from '../../test/support/alpaca-contract';
import { waitFor } from '../../test/support/app';
import { startSandboxServer, type RunningSandbox } from './http-server';
import type { SandboxOptions } from './sandbox-state';

const KEYS = { 'APCA-API-KEY-ID': 'k', 'APCA-API-SECRET-KEY': 's' };
const OPEN = '2026-11-23T15:00:00Z'; // Monday 10:00 New York
const BEFORE_OPEN = '2026-11-23T12:00:00Z'; // Monday 07:00 New York

/** Raw HTTP against the sandbox (the client's own tests go through AlpacaClient). */
function api(sandbox: RunningSandbox) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = KEYS,
  ) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown) => call('POST', path, body),
    del: (path: string) => call('DELETE', path),
  };
}

const order = (overrides: Record<string, unknown> = {}) => ({
  symbol: 'SPY',
  side: 'buy',
  type: 'market',
  time_in_force: 'day',
  notional: '600.00',
  client_order_id: `o-${Math.random().toString(36).slice(2)}`,
  ...overrides,
});

describe('sandbox broker over HTTP', () => {
  let sandbox: RunningSandbox;
  const start = async (options: SandboxOptions = {}) => {
    sandbox = await startSandboxServer({ clock: { at: OPEN }, ...options });
    return api(sandbox);
  };
  afterEach(() => sandbox?.close());

  it('answers every route the client uses in the shape of the official spec', async () => {
    const http = await start({ clock: { at: BEFORE_OPEN } });
    const clock = await http.get('/v2/clock');
    expectMatchesSpec('/v2/clock', 'get', clock.body);
    expect(clock.body).toEqual({
      timestamp: '2026-11-23T07:00:00.000-05:00',
      is_open: false,
      next_open: '2026-11-23T09:30:00-05:00',
      next_close: '2026-11-23T16:00:00-05:00',
    });
    const calendar = await http.get('/v2/calendar?start=2026-11-25&end=2026-11-30');
    expectMatchesSpec('/v2/calendar', 'get', calendar.body);
    expect(calendar.body).toEqual([
      {
        date: '2026-11-25',
        open: '09:30',
        close: '16:00',
        session_open: '0400',
        session_close: '2000',
        settlement_date: '2026-11-27',
      },
      {
        date: '2026-11-27',
        open: '09:30',
        close: '13:00',
        session_open: '0400',
        session_close: '1700',
        settlement_date: '2026-11-30',
      },
      {
        date: '2026-11-30',
        open: '09:30',
        close: '16:00',
        session_open: '0400',
        session_close: '2000',
        settlement_date: '2026-12-01',
      },
    ]);
    expectMatchesSpec('/v2/account', 'get', (await http.get('/v2/account')).body);
    expectMatchesSpec('/v2/assets', 'get', (await http.get('/v2/assets')).body);
    const asset = await http.get('/v2/assets/BRK.B');
    expectMatchesSpec('/v2/assets/{symbol_or_asset_id}', 'get', asset.body);
    expect((await http.get(`/v2/assets/${asset.body.id}`)).body.symbol).toBe('BRK.B');

    const placed = await http.post('/v2/orders', order({ client_order_id: 'c-1' }));
    expect(placed.status).toBe(200);
    expectMatchesSpec('/v2/orders', 'post', placed.body);
    expectMatchesSpec(
      '/v2/orders/{order_id}',
      'get',
      (await http.get(`/v2/orders/${placed.body.id}`)).body,
    );
    expectMatchesSpec(
      '/v2/orders:by_client_order_id',
      'get',
      (await http.get('/v2/orders:by_client_order_id?client_order_id=c-1')).body,
    );
    expectMatchesSpec('/v2/orders', 'get', (await http.get('/v2/orders?status=all')).body);
    const canceled = await http.del('/v2/orders');
    expect(canceled.status).toBe(207);
    expectMatchesSpec('/v2/orders', 'delete', canceled.body, '207');
    expect(canceled.body).toEqual([{ id: placed.body.id, status: 200 }]);

    sandbox.control.setClock({ at: OPEN });
    await http.post('/v2/orders', order());
    expectMatchesSpec('/v2/positions', 'get', (await http.get('/v2/positions')).body);
  });

  it('refuses missing or empty keys with 401 40110000', async () => {
    const http = await start();
    for (const headers of [
      {},
      { 'APCA-API-KEY-ID': 'k' },
      { 'APCA-API-KEY-ID': 'k', 'APCA-API-SECRET-KEY': ' ' },
    ]) {
      const res = await http.get('/v2/account', headers as Record<string, string>);
      expect([res.status, res.body]).toEqual([
        401,
        { code: 40110000, message: 'request is not authorized' },
      ]);
    }
    sandbox.control.setKeys({ keyId: 'id', secretKey: 'secret' });
    expect(
      (await http.get('/v2/account', { 'APCA-API-KEY-ID': 'id', 'APCA-API-SECRET-KEY': 'nope' }))
        .status,
    ).toBe(401);
    expect(
      (await http.get('/v2/account', { 'APCA-API-KEY-ID': 'id', 'APCA-API-SECRET-KEY': 'secret' }))
        .status,
    ).toBe(200);
  });

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
    expect(sandbox.control.orderCount()).toBe(0);
  });

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
    sandbox.control.setPrice('SPY', '700.00');
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
    sandbox.control.setClock({ at: OPEN });
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
    expect(sandbox.control.received.map((r) => [r.clientOrderId, r.accepted])).toEqual([
      ['same', true],
      ['same', false],
    ]);
    expect(sandbox.control.acceptedClientOrderIds()).toEqual(['same']);
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

  it('injects faults per route: 5xx, 429 with reset, delay, hang, accept-then-fail', async () => {
    const http = await start();
    const { control } = sandbox;
    control.inject({ route: 'GET /v2/clock', kind: 'status-503', times: 2 });
    expect((await http.get('/v2/clock')).status).toBe(503);
    expect((await http.get('/v2/account')).status).toBe(200); // other routes unaffected
    expect((await http.get('/v2/clock')).status).toBe(503);
    expect((await http.get('/v2/clock')).status).toBe(200); // `times` used up

    control.inject({ route: 'GET /v2/account', kind: 'rate-limit', resetInSeconds: 3 });
    const limited = await http.get('/v2/account');
    expect([limited.status, limited.body.code]).toEqual([429, 42910000]);
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    expect(reset * 1000).toBeGreaterThan(Date.now() + 1000);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');

    control.inject({ route: 'GET /v2/positions', kind: 'delay', delayMs: 200 });
    const delayedAt = Date.now();
    expect((await http.get('/v2/positions')).status).toBe(200);
    expect(Date.now() - delayedAt).toBeGreaterThanOrEqual(190);

    control.inject({ route: 'GET /v2/calendar', kind: 'timeout' });
    await expect(
      fetch(`${sandbox.url}/v2/calendar`, { headers: KEYS, signal: AbortSignal.timeout(200) }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });

    control.inject({ route: 'POST /v2/orders', kind: 'accept-then-fail' });
    const lost = await http.post('/v2/orders', order({ client_order_id: 'lost' }));
    expect(lost.status).toBe(500);
    expect(control.ordersByClientId('lost')).toHaveLength(1);

    control.inject({ route: '*', kind: 'status-500', times: Infinity });
    expect((await http.get('/v2/assets')).status).toBe(500);
    control.clearFaults();
    expect((await http.get('/v2/assets')).status).toBe(200);
  });

  it('skips the first matching requests before a fault applies ("the 3rd POST")', async () => {
    const http = await start();
    sandbox.control.inject({ route: 'POST /v2/orders', kind: 'status-503', skip: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await http.post('/v2/orders', order())).status);
    expect(statuses).toEqual([200, 200, 503, 200]);
  });

  it('accept-then-timeout: stores the order and never answers', async () => {
    const http = await start();
    sandbox.control.inject({ route: 'POST /v2/orders', kind: 'accept-then-timeout' });
    await expect(
      fetch(`${sandbox.url}/v2/orders`, {
        method: 'POST',
        headers: { ...KEYS, 'content-type': 'application/json' },
        body: JSON.stringify(order({ client_order_id: 'silent' })),
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(
      (await http.get('/v2/orders:by_client_order_id?client_order_id=silent')).body,
    ).toMatchObject({ client_order_id: 'silent', status: 'filled' });
    expect(sandbox.control.arrivals[0]).toMatchObject({
      route: 'POST /v2/orders',
      clientOrderId: 'silent',
      accepted: true,
      fault: 'accept-then-timeout',
    });
    expect(sandbox.control.arrivals[0].status).toBeUndefined();
    expect(sandbox.control.inFlight()).toBe(0);
  });

  it('order fates: partial fills, slow fills, broker cancels and expiries, as Alpaca reports them', async () => {
    const http = await start({ cash: '10000' });
    const { control } = sandbox;
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
    sandbox.control.inject({
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
    expect(sandbox.control.allOrders()[0].filled_qty).toBe('3.000000000');
  });

  it('resetAccount starts the account over and keeps assets, clock and mode', async () => {
    const http = await start();
    await http.post('/v2/orders', order());
    sandbox.control.inject({ route: '*', kind: 'status-500', times: Infinity });
    sandbox.control.resetAccount({ cash: '500', positions: { TLT: '2' } });
    expect(sandbox.control.arrivals).toEqual([]);
    expect((await http.get('/v2/orders?status=all')).body).toEqual([]);
    expect((await http.get('/v2/account')).body).toMatchObject({
      cash: '500.00',
      equity: '680.00',
    });
    expect((await http.get('/v2/clock')).body.is_open).toBe(true);
    expect(sandbox.control.received).toEqual([]);
  });

  it('stops by itself even with a request held by a timeout fault', async () => {
    await start();
    sandbox.control.inject({ route: 'GET /v2/clock', kind: 'timeout' });
    const hanging = fetch(`${sandbox.url}/v2/clock`, { headers: KEYS }).catch((e: unknown) => e);
    await waitFor(async () => sandbox.control.arrivals.length === 1);
    await sandbox.close();
    // fetch failed: the socket was closed under it (TypeError from undici, another realm).
    expect(await hanging).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });

  it('counts requests per window and answers 429 beyond the limit, with X-RateLimit headers', async () => {
    const http = await start();
    sandbox.control.setRateLimit(3, 60_000);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await http.get('/v2/clock');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last!.body).toEqual({ code: 42910000, message: 'rate limit exceeded' });
    expect(last!.headers.get('x-ratelimit-limit')).toBe('3');
    expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(last!.headers.get('x-ratelimit-reset')) * 1000;
    expect(reset).toBeGreaterThan(Date.now() + 55_000);
    expect(reset).toBeLessThanOrEqual(Date.now() + 61_000);
    expect(sandbox.control.rateLimited).toHaveLength(2);
    sandbox.control.setRateLimit(2, 150); // short windows for tests
    expect((await http.get('/v2/clock')).status).toBe(200);
    expect((await http.get('/v2/clock')).status).toBe(200);
    expect((await http.get('/v2/clock')).status).toBe(429);
    await waitFor(async () => (await http.get('/v2/clock')).status === 200);
  });

  it('runs a settable clock: fixed instant, offset from the host, or the host clock', async () => {
    const http = await start();
    expect((await http.get('/v2/clock')).body.timestamp).toBe('2026-11-23T10:00:00.000-05:00');
    sandbox.control.setClock({ offsetMs: -3_600_000 });
    const offset = Date.parse((await http.get('/v2/clock')).body.timestamp);
    expect(Math.abs(offset - (Date.now() - 3_600_000))).toBeLessThan(1000);
    sandbox.control.setClock({});
    const host = Date.parse((await http.get('/v2/clock')).body.timestamp);
    expect(Math.abs(host - Date.now())).toBeLessThan(1000);
    expect(() => sandbox.control.setClock({ at: 'yesterday' })).toThrow(/invalid sandbox clock/);
  });

  it('always-open mode: open on a Saturday, today’s session opened a minute before first asked', async () => {
    const http = await start({ mode: 'always-open', clock: { at: '2026-11-28T20:00:00Z' } });
    const clock = (await http.get('/v2/clock')).body;
    expectMatchesSpec('/v2/clock', 'get', clock);
    expect(clock).toMatchObject({ is_open: true, next_close: '2026-11-28T23:59:00-05:00' });
    const calendar = (await http.get('/v2/calendar?start=2026-11-27&end=2026-11-29')).body;
    expectMatchesSpec('/v2/calendar', 'get', calendar);
    expect(
      calendar.map(
        (d: { date: string; open: string; close: string }) => `${d.date} ${d.open}-${d.close}`,
      ),
    ).toEqual(['2026-11-27 00:00-23:59', '2026-11-28 14:59-23:59', '2026-11-29 00:00-23:59']);
    sandbox.control.setClock({ at: '2026-11-28T22:00:00Z' });
    expect((await http.get('/v2/calendar?start=2026-11-28&end=2026-11-28')).body[0].open).toBe(
      '14:59',
    );
    expect((await http.post('/v2/orders', order())).body.status).toBe('filled');
    sandbox.control.setMode('nyse');
    expect((await http.get('/v2/clock')).body.is_open).toBe(false);
  });
});
