import { expectMatchesSpec } from '../../../test/support/alpaca-contract';
import { startSandboxServer, type RunningSandbox } from '../../sandbox/sandbox-server';
import { AlpacaClient, classifyBrokerFailure, type BrokerRequestEvent } from './alpaca.client';
import {
  BrokerRateLimitedError,
  BrokerTimeoutError,
  BrokerUnauthorizedError,
  BrokerUnavailableError,
  DuplicateClientOrderIdError,
  InsufficientBuyingPowerError,
} from './broker.errors';

const OPEN = '2026-11-23T15:00:00Z'; // Monday 10:00 New York

function client(
  sandbox: RunningSandbox,
  overrides: Partial<ConstructorParameters<typeof AlpacaClient>[0]> = {},
  events: BrokerRequestEvent[] = [],
) {
  return new AlpacaClient({
    baseUrl: sandbox.url,
    keyId: 'sandbox-key',
    secretKey: 'sandbox-secret',
    live: false,
    rateLimitPerMinute: 60_000,
    timeoutMs: 2000,
    onRequest: (e) => events.push(e),
    ...overrides,
  });
}

describe('AlpacaClient against the sandbox over HTTP', () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandboxServer();
    sandbox.broker.setClock({ at: OPEN });
  });
  afterEach(() => sandbox.close());

  it('reads clock, calendar, account, positions and assets, each matching the official spec', async () => {
    const alpaca = client(sandbox);
    const clock = await alpaca.getClock();
    expectMatchesSpec('/v2/clock', 'get', clock);
    expect(clock).toMatchObject({ is_open: true, next_close: '2026-11-23T16:00:00-05:00' });
    const calendar = await alpaca.getCalendar('2026-11-23', '2026-11-27');
    expectMatchesSpec('/v2/calendar', 'get', calendar);
    expect(calendar.map((d) => `${d.date} ${d.open}-${d.close}`)).toEqual([
      '2026-11-23 09:30-16:00',
      '2026-11-24 09:30-16:00',
      '2026-11-25 09:30-16:00',
      '2026-11-27 09:30-13:00', // Thanksgiving (26th) closed, early close on the 27th
    ]);
    expectMatchesSpec('/v2/account', 'get', await alpaca.getAccount());
    sandbox.broker.setPosition('SPY', '10');
    const positions = await alpaca.listPositions();
    expectMatchesSpec('/v2/positions', 'get', positions);
    expect(positions).toMatchObject([
      { symbol: 'SPY', qty: '10.000000000', market_value: '6000.00' },
    ]);
    expectMatchesSpec('/v2/assets', 'get', await alpaca.listAssets());
    expectMatchesSpec('/v2/assets/{symbol_or_asset_id}', 'get', await alpaca.getAsset('BRK.B'));
  });

  it('submits notional and qty orders that fill at a deterministic price, and finds them again', async () => {
    const alpaca = client(sandbox);
    const notional = await alpaca.submitOrder({
      client_order_id: 'ob-t-1',
      symbol: 'SPY',
      side: 'buy',
      type: 'market',
      time_in_force: 'day',
      notional: '1200.00',
    });
    expectMatchesSpec('/v2/orders', 'post', notional);
    expect(notional).toMatchObject({
      status: 'filled',
      filled_qty: '2.000000000',
      filled_avg_price: '600.00',
      client_order_id: 'ob-t-1',
    });
    const qty = await alpaca.submitOrder({
      client_order_id: 'ob-t-2',
      symbol: 'BRK.B',
      side: 'buy',
      type: 'market',
      time_in_force: 'day',
      qty: '3',
    });
    expect(qty).toMatchObject({ status: 'filled', filled_qty: '3.000000000' });
    const byClient = await alpaca.getOrderByClientOrderId('ob-t-1');
    expectMatchesSpec('/v2/orders:by_client_order_id', 'get', byClient);
    expect(byClient?.id).toBe(notional.id);
    expectMatchesSpec('/v2/orders/{order_id}', 'get', await alpaca.getOrder(qty.id));
    const listed = await alpaca.listOrders({ status: 'all' });
    expectMatchesSpec('/v2/orders', 'get', listed);
    expect(listed.map((o) => o.client_order_id)).toEqual(['ob-t-2', 'ob-t-1']);
    await expect(alpaca.getOrderByClientOrderId('never-sent')).resolves.toBeNull();
  });

  it('maps broker refusals to typed errors carrying Alpaca codes', async () => {
    const alpaca = client(sandbox);
    const order = {
      client_order_id: 'dup',
      symbol: 'SPY',
      side: 'buy' as const,
      type: 'market' as const,
      time_in_force: 'day' as const,
      notional: '10',
    };
    await alpaca.submitOrder(order);
    const duplicate = await alpaca.submitOrder(order).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(DuplicateClientOrderIdError);
    expect(duplicate).toMatchObject({ status: 422, code: 40010001 });
    expect(classifyBrokerFailure(duplicate)).toBe('duplicate');
    const poor = await alpaca
      .submitOrder({ ...order, client_order_id: 'big', notional: '99999999' })
      .catch((e: unknown) => e);
    expect(poor).toBeInstanceOf(InsufficientBuyingPowerError);
    expect(poor).toMatchObject({ status: 403, code: 40310000 });
    expect(classifyBrokerFailure(poor)).toBe('insufficient-buying-power');
    const invalid = await alpaca
      .submitOrder({ ...order, client_order_id: 'bad', symbol: 'LOCKED' })
      .catch((e: unknown) => e);
    expect(classifyBrokerFailure(invalid)).toBe('rejected');
    const unauthorized = await client(sandbox, { keyId: ' ', secretKey: '' })
      .getAccount()
      .catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(BrokerUnauthorizedError);
    expect(unauthorized).toMatchObject({ status: 401, code: 40110000 });
  });

  it('cancels all open orders with a 207 list', async () => {
    sandbox.broker.setClock({ at: '2026-11-23T12:00:00Z' }); // 07:00 New York: orders wait for the open
    const alpaca = client(sandbox);
    await alpaca.submitOrder({
      client_order_id: 'c1',
      symbol: 'SPY',
      side: 'buy',
      type: 'market',
      time_in_force: 'day',
      notional: '100',
    });
    await alpaca.submitOrder({
      client_order_id: 'c2',
      symbol: 'TLT',
      side: 'buy',
      type: 'market',
      time_in_force: 'day',
      notional: '100',
    });
    expect((await alpaca.listOpenOrders()).map((o) => o.status)).toEqual(['accepted', 'accepted']);
    const result = await alpaca.cancelAllOrders();
    expect(result.map((r) => r.status)).toEqual([200, 200]);
    await expect(alpaca.listOpenOrders()).resolves.toEqual([]);
  });

  it('retries GETs on 5xx and timeouts, but never a POST', async () => {
    const alpaca = client(sandbox, { timeoutMs: 300 });
    sandbox.broker.inject({ route: 'GET /v2/clock', kind: 'status-503', times: 2 });
    await expect(alpaca.getClock()).resolves.toMatchObject({ is_open: true });
    sandbox.broker.inject({ route: 'GET /v2/account', kind: 'timeout', times: 1 });
    await expect(alpaca.getAccount()).resolves.toMatchObject({ status: 'ACTIVE' });

    sandbox.broker.inject({ route: 'POST /v2/orders', kind: 'status-500', times: 1 });
    const order = {
      client_order_id: 'p1',
      symbol: 'SPY',
      side: 'buy' as const,
      type: 'market' as const,
      time_in_force: 'day' as const,
      notional: '10',
    };
    await expect(alpaca.submitOrder(order)).rejects.toBeInstanceOf(BrokerUnavailableError);
    sandbox.broker.inject({ route: 'POST /v2/orders', kind: 'timeout', times: 1 });
    await expect(alpaca.submitOrder({ ...order, client_order_id: 'p2' })).rejects.toBeInstanceOf(
      BrokerTimeoutError,
    );
    // Exactly two POSTs arrived (one per call): neither failure was retried.
    expect(sandbox.broker.arrivals.filter((r) => r.route === 'POST /v2/orders')).toHaveLength(2);
    expect(sandbox.broker.orderCount()).toBe(0);
  });

  it('an order accepted but answered with a 500 can be found by its client_order_id', async () => {
    const alpaca = client(sandbox);
    sandbox.broker.inject({ route: 'POST /v2/orders', kind: 'accept-then-fail' });
    const order = {
      client_order_id: 'lost-answer',
      symbol: 'SPY',
      side: 'buy' as const,
      type: 'market' as const,
      time_in_force: 'day' as const,
      notional: '50',
    };
    const error = await alpaca.submitOrder(order).catch((e: unknown) => e);
    expect(classifyBrokerFailure(error)).toBe('uncertain');
    await expect(alpaca.getOrderByClientOrderId('lost-answer')).resolves.toMatchObject({
      client_order_id: 'lost-answer',
      status: 'filled',
    });
  });

  it('waits for X-RateLimit-Reset on a 429 (GET and POST: Alpaca did not process it)', async () => {
    const alpaca = client(sandbox);
    sandbox.broker.inject({ route: 'GET /v2/clock', kind: 'rate-limit', resetInSeconds: 1 });
    const started = Date.now();
    await expect(alpaca.getClock()).resolves.toMatchObject({ is_open: true });
    const waited = Date.now() - started;
    // The reset header is a whole epoch second, so the wait is between 0 and ~1 s after the 429.
    expect(waited).toBeGreaterThanOrEqual(0);
    expect(
      sandbox.broker.requests.filter((r) => r.route === 'GET /v2/clock').map((r) => r.status),
    ).toEqual([429, 200]);
    const clockRequests = sandbox.broker.requests.filter((r) => r.route === 'GET /v2/clock');
    const resetSecond = Math.ceil(clockRequests[0].at / 1000) + 1;
    expect(clockRequests[1].at).toBeGreaterThanOrEqual(resetSecond * 1000);

    sandbox.broker.inject({ route: 'POST /v2/orders', kind: 'rate-limit', resetInSeconds: 1 });
    await expect(
      alpaca.submitOrder({
        client_order_id: 'rl',
        symbol: 'SPY',
        side: 'buy',
        type: 'market',
        time_in_force: 'day',
        notional: '10',
      }),
    ).resolves.toMatchObject({
      client_order_id: 'rl',
    });
    expect(sandbox.broker.ordersByClientId('rl')).toHaveLength(1);
  });

  it('gives up on a sustained 429 with a typed error', async () => {
    const alpaca = client(sandbox, { maxRetries: 1 });
    sandbox.broker.inject({
      route: 'GET /v2/clock',
      kind: 'rate-limit',
      resetInSeconds: 0,
      times: 5,
    });
    await expect(alpaca.getClock()).rejects.toBeInstanceOf(BrokerRateLimitedError);
  });

  it('holds a burst of 500 requests under the configured rate', async () => {
    sandbox.broker.rateLimitPerMinute = 6000;
    const events: BrokerRequestEvent[] = [];
    const alpaca = client(sandbox, { rateLimitPerMinute: 6000 }, events);
    const started = Date.now();
    await Promise.all(Array.from({ length: 500 }, () => alpaca.getClock()));
    const elapsed = Date.now() - started;
    expect(sandbox.broker.requests.filter((r) => r.status === 429)).toHaveLength(0);
    // 6,000/min = one request every 10 ms: 500 requests cannot take less than 499 intervals.
    expect(elapsed).toBeGreaterThanOrEqual(4990);
    // No 1-second window saw more than 100 dispatches. Measured where the limiter acts (when each request
    // left the client): arrival times at the in-process sandbox bunch whenever the event loop is busy.
    const sent = events.map((e) => e.startedAt).sort((a, b) => a - b);
    let maxInWindow = 0;
    for (let i = 0, j = 0; i < sent.length; i++) {
      while (sent[i] - sent[j] >= 1000) j++;
      maxInWindow = Math.max(maxInWindow, i - j + 1);
    }
    expect(maxInWindow).toBeLessThanOrEqual(102); // 100 per second, ±1 ms clock granularity at each edge
    expect(events.some((e) => e.queuedMs > 1000)).toBe(true);
  }, 30_000);

  it('refuses the live host unless told it is live', () => {
    expect(() => client(sandbox, { baseUrl: 'https://api.alpaca.markets' })).toThrow(
      /ALPACA_LIVE=true/,
    );
    expect(() =>
      client(sandbox, { baseUrl: 'https://api.alpaca.markets', live: true }),
    ).not.toThrow();
  });
});
