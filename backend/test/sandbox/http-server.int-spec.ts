import { expectMatchesSpec } from '../support/alpaca-contract';
import { waitFor } from '../support/app';
import { order, KEYS, OPEN, BEFORE_OPEN, sandboxPerTest } from '../support/sandbox-http';

describe('sandbox over HTTP: routes, keys, faults, rate limit, stopping', () => {
  const box = sandboxPerTest();
  const { start } = box;

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

    box.sandbox.control.setClock({ at: OPEN });
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
    box.sandbox.control.setKeys({ keyId: 'id', secretKey: 'secret' });
    expect(
      (await http.get('/v2/account', { 'APCA-API-KEY-ID': 'id', 'APCA-API-SECRET-KEY': 'nope' }))
        .status,
    ).toBe(401);
    expect(
      (await http.get('/v2/account', { 'APCA-API-KEY-ID': 'id', 'APCA-API-SECRET-KEY': 'secret' }))
        .status,
    ).toBe(200);
  });

  it('injects faults per route: 5xx, 429 with reset, delay, hang, accept-then-fail', async () => {
    const http = await start();
    const { control } = box.sandbox;
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
      fetch(`${box.sandbox.url}/v2/calendar`, { headers: KEYS, signal: AbortSignal.timeout(200) }),
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
    box.sandbox.control.inject({ route: 'POST /v2/orders', kind: 'status-503', skip: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await http.post('/v2/orders', order())).status);
    expect(statuses).toEqual([200, 200, 503, 200]);
  });

  it('accept-then-timeout: stores the order and never answers', async () => {
    const http = await start();
    box.sandbox.control.inject({ route: 'POST /v2/orders', kind: 'accept-then-timeout' });
    await expect(
      fetch(`${box.sandbox.url}/v2/orders`, {
        method: 'POST',
        headers: { ...KEYS, 'content-type': 'application/json' },
        body: JSON.stringify(order({ client_order_id: 'silent' })),
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(
      (await http.get('/v2/orders:by_client_order_id?client_order_id=silent')).body,
    ).toMatchObject({ client_order_id: 'silent', status: 'filled' });
    expect(box.sandbox.control.arrivals[0]).toMatchObject({
      route: 'POST /v2/orders',
      clientOrderId: 'silent',
      accepted: true,
      fault: 'accept-then-timeout',
    });
    expect(box.sandbox.control.arrivals[0].status).toBeUndefined();
    expect(box.sandbox.control.inFlight()).toBe(0);
  });

  it('stops by itself even with a request held by a timeout fault', async () => {
    await start();
    box.sandbox.control.inject({ route: 'GET /v2/clock', kind: 'timeout' });
    const hanging = fetch(`${box.sandbox.url}/v2/clock`, { headers: KEYS }).catch(
      (e: unknown) => e,
    );
    await waitFor(async () => box.sandbox.control.arrivals.length === 1);
    await box.sandbox.close();
    // fetch failed: the socket was closed under it (TypeError from undici, another realm).
    expect(await hanging).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });

  it('counts requests per window and answers 429 beyond the limit, with X-RateLimit headers', async () => {
    const http = await start();
    box.sandbox.control.setRateLimit(3, 60_000);
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
    expect(box.sandbox.control.rateLimited).toHaveLength(2);
    box.sandbox.control.setRateLimit(2, 150); // short windows for tests
    expect((await http.get('/v2/clock')).status).toBe(200);
    expect((await http.get('/v2/clock')).status).toBe(200);
    expect((await http.get('/v2/clock')).status).toBe(429);
    await waitFor(async () => (await http.get('/v2/clock')).status === 200);
  });
});
