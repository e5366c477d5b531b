import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { expectMatchesSpec } from '../support/alpaca-contract';
import { newYorkTime } from '../../src/market-gate/market-gate';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import {
  AlpacaClient,
  classifyBrokerFailure,
  type AlpacaClientOptions,
  type BrokerRequestEvent,
} from '../../src/trading/broker/alpaca.client';
import {
  BrokerNetworkError,
  BrokerRateLimitedError,
  BrokerTimeoutError,
  BrokerUnauthorizedError,
  BrokerUnavailableError,
  DuplicateClientOrderIdError,
  InsufficientBuyingPowerError,
} from '../../src/trading/broker/broker.errors';

const OPEN = '2026-11-23T15:00:00Z'; // Monday 10:00 New York

function client(
  sandbox: RunningSandbox,
  overrides: Partial<AlpacaClientOptions> = {},
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

const buy = (client_order_id: string, notional = '10') => ({
  client_order_id,
  symbol: 'SPY',
  side: 'buy' as const,
  type: 'market' as const,
  time_in_force: 'day' as const,
  notional,
});

const arrivals = (sandbox: RunningSandbox, route: string) =>
  sandbox.control.arrivals.filter((a) => a.route === route);

describe('AlpacaClient against the sandbox over HTTP', () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandboxServer({ clock: { at: OPEN } });
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
    sandbox.control.setPosition('SPY', '10');
    const positions = await alpaca.listPositions();
    expectMatchesSpec('/v2/positions', 'get', positions);
    expect(positions).toMatchObject([
      { symbol: 'SPY', qty: '10.000000000', market_value: '6000.00' },
    ]);
    expectMatchesSpec('/v2/assets', 'get', await alpaca.listAssets());
    const asset = await alpaca.getAsset('BRK.B');
    expectMatchesSpec('/v2/assets/{symbol_or_asset_id}', 'get', asset);
    expect(asset).toMatchObject({ symbol: 'BRK.B', fractionable: false, tradable: true });
  });

  it('keeps calendar dates as New York date strings (no UTC-midnight off-by-one)', async () => {
    const alpaca = client(sandbox);
    // The Monday after the March 2026 DST switch. As UTC midnight, '2026-03-09' is still Sunday
    // the 8th in New York — a client that turned dates into Date objects would shift the session.
    const [monday] = await alpaca.getCalendar('2026-03-08', '2026-03-09');
    expect(monday.date).toBe('2026-03-09');
    expect(typeof monday.date).toBe('string');
    expect(
      new Date(monday.date).toLocaleDateString('en-CA', { timeZone: 'America/New_York' }),
    ).toBe('2026-03-08');
    expect(newYorkTime(monday.date, monday.open).toUTC().toISO()).toBe('2026-03-09T13:30:00.000Z');
    await expect(alpaca.getCalendar('2026-03-09T00:00:00Z', '2026-03-09')).rejects.toBeInstanceOf(
      RangeError,
    );
  });

  it('submits notional and qty orders that fill at a deterministic price, and finds them again', async () => {
    const alpaca = client(sandbox);
    const notional = await alpaca.submitOrder(buy('ob-t-1', '1200.00'));
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

  it('maps broker refusals to typed errors carrying Alpaca’s {code, message}', async () => {
    const alpaca = client(sandbox);
    await alpaca.submitOrder(buy('dup'));
    const duplicate = await alpaca.submitOrder(buy('dup')).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(DuplicateClientOrderIdError);
    expect(duplicate).toMatchObject({
      status: 422,
      code: 40010001,
      alpaca: { code: 40010001, message: 'client_order_id must be unique' },
    });
    expect(classifyBrokerFailure(duplicate)).toBe('duplicate');
    const poor = await alpaca.submitOrder(buy('big', '99999999')).catch((e: unknown) => e);
    expect(poor).toBeInstanceOf(InsufficientBuyingPowerError);
    expect(poor).toMatchObject({ status: 403, code: 40310000 });
    expect(classifyBrokerFailure(poor)).toBe('insufficient-buying-power');
    const invalid = await alpaca
      .submitOrder({ ...buy('bad'), symbol: 'LOCKED' })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ status: 422, code: 40010001 });
    expect(classifyBrokerFailure(invalid)).toBe('rejected');
    const missing = await alpaca.getOrder('00000000-0000-4000-8000-000000000000').catch((e) => e);
    expect(missing).toMatchObject({ name: 'BrokerNotFoundError', status: 404, code: 40410000 });
    sandbox.control.setKeys({ keyId: 'right', secretKey: 'right' });
    const unauthorized = await client(sandbox, { keyId: 'right', secretKey: 'wrong' })
      .getAccount()
      .catch((e: unknown) => e);
    sandbox.control.setKeys(null);
    expect(unauthorized).toBeInstanceOf(BrokerUnauthorizedError);
    expect(unauthorized).toMatchObject({ status: 401, code: 40110000 });
    // Refusals are answers, not failures: never retried.
    expect(arrivals(sandbox, 'GET /v2/account')).toHaveLength(1);
  });

  it('cancels one order and all open orders (207)', async () => {
    sandbox.control.setClock({ at: '2026-11-23T12:00:00Z' }); // 07:00 New York: orders wait for the open
    const alpaca = client(sandbox);
    const first = await alpaca.submitOrder(buy('c1', '100'));
    await alpaca.submitOrder({ ...buy('c2', '100'), symbol: 'TLT' });
    await alpaca.submitOrder({ ...buy('c3', '100'), symbol: 'QQQ' });
    expect((await alpaca.listOpenOrders()).map((o) => o.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    await alpaca.cancelOrder(first.id);
    await expect(alpaca.getOrder(first.id)).resolves.toMatchObject({ status: 'canceled' });
    const result = await alpaca.cancelAllOrders();
    expect(result.map((r) => r.status)).toEqual([200, 200]);
    await expect(alpaca.listOpenOrders()).resolves.toEqual([]);
  });

  it('retries GETs on 5xx and timeouts, never a POST or a DELETE', async () => {
    const events: BrokerRequestEvent[] = [];
    const alpaca = client(sandbox, { timeoutMs: 300 }, events);
    sandbox.control.inject({ route: 'GET /v2/clock', kind: 'status-503', times: 2 });
    await expect(alpaca.getClock()).resolves.toMatchObject({ is_open: true });
    expect(arrivals(sandbox, 'GET /v2/clock')).toHaveLength(3);
    sandbox.control.inject({ route: 'GET /v2/account', kind: 'timeout', times: 1 });
    await expect(alpaca.getAccount()).resolves.toMatchObject({ status: 'ACTIVE' });
    expect(arrivals(sandbox, 'GET /v2/account')).toHaveLength(2);

    sandbox.control.inject({ route: 'POST /v2/orders', kind: 'status-500', times: 1 });
    await expect(alpaca.submitOrder(buy('p1'))).rejects.toBeInstanceOf(BrokerUnavailableError);
    sandbox.control.inject({ route: 'POST /v2/orders', kind: 'timeout', times: 1 });
    const timedOut = await alpaca.submitOrder(buy('p2')).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(BrokerTimeoutError);
    expect(classifyBrokerFailure(timedOut)).toBe('uncertain');
    // A slow answer (headers after the deadline) is a timeout too.
    sandbox.control.inject({ route: 'POST /v2/orders', kind: 'delay', delayMs: 600 });
    await expect(alpaca.submitOrder(buy('p3'))).rejects.toBeInstanceOf(BrokerTimeoutError);
    // One POST per call: none of the failures was retried.
    expect(arrivals(sandbox, 'POST /v2/orders')).toHaveLength(3);

    sandbox.control.inject({ route: 'DELETE /v2/orders', kind: 'status-503', times: 1 });
    await expect(alpaca.cancelAllOrders()).rejects.toBeInstanceOf(BrokerUnavailableError);
    expect(arrivals(sandbox, 'DELETE /v2/orders')).toHaveLength(1);

    sandbox.control.inject({ route: 'GET /v2/positions', kind: 'status-500', times: 10 });
    await expect(client(sandbox, { maxRetries: 2 }).listPositions()).rejects.toBeInstanceOf(
      BrokerUnavailableError,
    );
    expect(arrivals(sandbox, 'GET /v2/positions')).toHaveLength(3);
    expect(events.filter((e) => e.error).map((e) => `${e.method} ${e.route} ${e.error}`)).toEqual([
      'GET /v2/clock server-error',
      'GET /v2/clock server-error',
      'GET /v2/account timeout',
      'POST /v2/orders server-error',
      'POST /v2/orders timeout',
      'POST /v2/orders timeout',
      'DELETE /v2/orders server-error',
    ]);
  });

  it('an order accepted but answered with a 500 can be found by its client_order_id', async () => {
    const alpaca = client(sandbox);
    sandbox.control.inject({ route: 'POST /v2/orders', kind: 'accept-then-fail' });
    const error = await alpaca.submitOrder(buy('lost-answer', '50')).catch((e: unknown) => e);
    expect(classifyBrokerFailure(error)).toBe('uncertain');
    await expect(alpaca.getOrderByClientOrderId('lost-answer')).resolves.toMatchObject({
      client_order_id: 'lost-answer',
      status: 'filled',
    });
    // Sending it again is answered "already exists", which the executor adopts.
    const again = await alpaca.submitOrder(buy('lost-answer', '50')).catch((e: unknown) => e);
    expect(classifyBrokerFailure(again)).toBe('duplicate');
    expect(sandbox.control.ordersByClientId('lost-answer')).toHaveLength(1);
  });

  it('waits for X-RateLimit-Reset on a 429 before retrying a GET', async () => {
    const alpaca = client(sandbox);
    sandbox.control.inject({ route: 'GET /v2/clock', kind: 'rate-limit', resetInSeconds: 1 });
    await expect(alpaca.getClock()).resolves.toMatchObject({ is_open: true });
    const clockRequests = sandbox.control.requests.filter((r) => r.route === 'GET /v2/clock');
    expect(clockRequests.map((r) => r.status)).toEqual([429, 200]);
    // The reset is a whole epoch second: the retry did not leave before it.
    const resetSecond = Math.ceil(clockRequests[0].at / 1000) + 1;
    expect(clockRequests[1].at).toBeGreaterThanOrEqual(resetSecond * 1000);
  });

  it('a 429 pauses every request of the client until the reset, and a POST is not retried', async () => {
    const alpaca = client(sandbox);
    sandbox.control.inject({ route: 'POST /v2/orders', kind: 'rate-limit', resetInSeconds: 1 });
    const limited = await alpaca.submitOrder(buy('rl')).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(BrokerRateLimitedError);
    const resetAt = (limited as BrokerRateLimitedError).resetAt!.getTime();
    expect(resetAt).toBeGreaterThan(Date.now());
    expect(classifyBrokerFailure(limited)).toBe('uncertain'); // look up, then send again
    // Requests made during the pause leave after the reset, the lookup and the resend included.
    await expect(alpaca.getOrderByClientOrderId('rl')).resolves.toBeNull();
    await expect(alpaca.submitOrder(buy('rl'))).resolves.toMatchObject({ client_order_id: 'rl' });
    const after = sandbox.control.arrivals.slice(1);
    expect(after.map((a) => a.route)).toEqual([
      'GET /v2/orders:by_client_order_id',
      'POST /v2/orders',
    ]);
    for (const arrival of after) expect(arrival.at).toBeGreaterThanOrEqual(resetAt);
    expect(arrivals(sandbox, 'POST /v2/orders')).toHaveLength(2); // one per call
  });

  it('gives up on a sustained 429 with a typed error', async () => {
    const alpaca = client(sandbox, { maxRetries: 1 });
    sandbox.control.inject({
      route: 'GET /v2/clock',
      kind: 'rate-limit',
      resetInSeconds: 0,
      times: 5,
    });
    await expect(alpaca.getClock()).rejects.toBeInstanceOf(BrokerRateLimitedError);
    expect(arrivals(sandbox, 'GET /v2/clock')).toHaveLength(2);
  });

  it('holds a burst of 500 requests under the configured rate (sandbox limit 100 per second)', async () => {
    // 6,000/min enforced per second on both sides, so the cap is proven in seconds, not minutes.
    sandbox.control.setRateLimit(100, 1000);
    const events: BrokerRequestEvent[] = [];
    const alpaca = client(sandbox, { rateLimitPerMinute: 6000, rateLimitWindowMs: 1000 }, events);
    const started = Date.now();
    await Promise.all(Array.from({ length: 500 }, () => alpaca.getClock({ maxRetries: 0 })));
    const elapsed = Date.now() - started;
    // The broker, counting per one-second window, never had to refuse anything …
    expect(sandbox.control.rateLimited).toHaveLength(0);
    expect(sandbox.control.requestCount('GET /v2/clock')).toBe(500);
    // … because no 101 requests ever left the client within a second (the cap keeps 1 % slack).
    const sent = events.map((e) => e.startedAt).sort((a, b) => a - b);
    const tightest = Math.min(...sent.slice(100).map((t, i) => t - sent[i]));
    expect(tightest).toBeGreaterThanOrEqual(1009.999);
    // Paced beyond the burst: 5 at once, then 10 ms apart, and each second's cap of 100 waits out
    // the window (+1 %), so the 500th leaves 4 × 1,010 ms after the 100th, 950 ms in.
    expect(elapsed).toBeGreaterThanOrEqual(4990);
    expect(events.some((e) => e.queuedMs > 1000)).toBe(true);
  }, 30_000);

  it('after a quiet spell a burst of 5 % of the budget leaves at once, then one per interval', async () => {
    // 600/min over a 10 s window: a budget of 100, a burst of 5, then one per 100 ms.
    const events: BrokerRequestEvent[] = [];
    const alpaca = client(sandbox, { rateLimitPerMinute: 600, rateLimitWindowMs: 10_000 }, events);
    await Promise.all(Array.from({ length: 8 }, () => alpaca.getClock({ maxRetries: 0 })));
    const sent = events.map((e) => e.startedAt).sort((a, b) => a - b);
    expect(sent[4] - sent[0]).toBeLessThan(100);
    // The 6th waits for the bucket to refill one request (less what trickled in meanwhile).
    expect(sent[5] - sent[0]).toBeGreaterThanOrEqual(90);
    // The bucket's bound: from the 1st to the k-th, at least (k - 5) intervals.
    expect(sent[6] - sent[0]).toBeGreaterThanOrEqual(199.99);
    expect(sent[7] - sent[0]).toBeGreaterThanOrEqual(299.99);
  });

  it('the pace and the cap hold for any arrival pattern (seeded)', async () => {
    // 6,000/min over a 200 ms window: a budget of 20, a burst of 1 (5 % of 20), one per 10 ms.
    // Invariants over the departures, whatever the arrivals: no 21 within 202 ms (the cap), and
    // from the j-th to the k-th at least (k - j + 1 - burst) intervals (the pace).
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 5, maxLength: 40 }),
        async (gaps) => {
          const events: BrokerRequestEvent[] = [];
          const alpaca = client(
            sandbox,
            { rateLimitPerMinute: 6000, rateLimitWindowMs: 200 },
            events,
          );
          const calls: Promise<unknown>[] = [];
          for (const gap of gaps) {
            if (gap > 0) await sleep(gap);
            calls.push(alpaca.getClock({ maxRetries: 0 }));
          }
          await Promise.all(calls);
          const sent = events.map((e) => e.startedAt).sort((a, b) => a - b);
          for (let k = 20; k < sent.length; k++)
            expect(sent[k] - sent[k - 20]).toBeGreaterThanOrEqual(201.999);
          for (let j = 0; j < sent.length; j++)
            for (let k = j + 1; k < sent.length; k++)
              expect(sent[k] - sent[j]).toBeGreaterThanOrEqual((k - j + 1 - 1) * 10 - 0.01);
        },
      ),
      { seed: 16016, numRuns: 15 },
    );
  }, 60_000);

  it('the hard cap holds where the pacing alone would not', async () => {
    // Pacing alone (10 ms) lets the 21st request leave 200 ms after the 1st; the cap of 20 per
    // 200 ms (+1 %) holds it to 202 ms, whatever the timers do.
    const events: BrokerRequestEvent[] = [];
    const alpaca = client(sandbox, { rateLimitPerMinute: 6000, rateLimitWindowMs: 200 }, events);
    await Promise.all(Array.from({ length: 60 }, () => alpaca.getClock({ maxRetries: 0 })));
    const sent = events.map((e) => e.startedAt).sort((a, b) => a - b);
    expect(Math.min(...sent.slice(20).map((t, i) => t - sent[i]))).toBeGreaterThanOrEqual(201.999);
  });

  it('a client faster than the broker’s limit is refused with 429s, waits for the reset, and completes', async () => {
    sandbox.control.setRateLimit(50, 1000);
    const alpaca = client(sandbox, { rateLimitPerMinute: 12_000 }); // 200/s against 50/s
    const answers = await Promise.all(Array.from({ length: 120 }, () => alpaca.getClock()));
    expect(answers).toHaveLength(120);
    expect(sandbox.control.rateLimited.length).toBeGreaterThan(0);
    expect(sandbox.control.requestCount('GET /v2/clock') - sandbox.control.rateLimited.length).toBe(
      120,
    );
  }, 30_000);

  it('reports every exchange to onRequest with the route template, status and timings', async () => {
    const events: BrokerRequestEvent[] = [];
    const alpaca = client(sandbox, {}, events);
    const order = await alpaca.submitOrder(buy('ev'));
    await alpaca.getOrder(order.id);
    await alpaca.getAsset('SPY');
    await alpaca.getAsset('NOPE').catch(() => undefined);
    expect(events.map((e) => `${e.method} ${e.route} ${e.status} ${e.error ?? '-'}`)).toEqual([
      'POST /v2/orders 200 -',
      'GET /v2/orders/{order_id} 200 -',
      'GET /v2/assets/{symbol_or_asset_id} 200 -',
      'GET /v2/assets/{symbol_or_asset_id} 404 rejected',
    ]);
    for (const e of events) {
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e.queuedMs).toBeGreaterThanOrEqual(0);
      expect(Math.abs(e.startedAt - Date.now())).toBeLessThan(10_000);
    }
  });

  it('a broker that is not there is a network error (uncertain), retried for GETs', async () => {
    const url = sandbox.url;
    await sandbox.close();
    const alpaca = new AlpacaClient({
      baseUrl: url,
      keyId: 'k',
      secretKey: 's',
      live: false,
      rateLimitPerMinute: 60_000,
      timeoutMs: 500,
      maxRetries: 1,
    });
    const error = await alpaca.getClock().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerNetworkError);
    expect(classifyBrokerFailure(error)).toBe('uncertain');
    sandbox = await startSandboxServer(); // for afterEach
  });

  it('refuses the live host unless told it is live, and refuses missing keys', () => {
    for (const baseUrl of [
      'https://api.alpaca.markets',
      'https://API.Alpaca.Markets/',
      'https://api.alpaca.markets./v2',
      'http://api.alpaca.markets:443',
    ]) {
      expect(() => client(sandbox, { baseUrl })).toThrow(/ALPACA_LIVE=true/);
      expect(() => client(sandbox, { baseUrl, live: true })).not.toThrow();
    }
    expect(() => client(sandbox, { baseUrl: 'https://paper-api.alpaca.markets' })).not.toThrow();
    expect(() => client(sandbox, { keyId: '' })).toThrow(/key id and secret key are required/);
    expect(() => client(sandbox, { baseUrl: 'ftp://example.com' })).toThrow(/http/);
  });
});
