import { AppConfig } from '../../src/infra/config/app-config';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { AlpacaClient } from '../../src/trading/broker/alpaca.client';
import { MarketGateService } from '../../src/market-gate/market-gate.service';
import { waitForValue } from '../support/app';

describe('market gate over HTTP against the sandbox', () => {
  let sandbox: RunningSandbox;
  let gate: MarketGateService;
  const clockRequests = () => sandbox.control.requestCount('GET /v2/clock');
  const calendarRequests = () => sandbox.control.requestCount('GET /v2/calendar');

  beforeEach(async () => {
    sandbox = await startSandboxServer();
    const alpaca = new AlpacaClient({
      baseUrl: sandbox.url,
      keyId: 'k',
      secretKey: 's',
      live: false,
      rateLimitPerMinute: 60_000,
      timeoutMs: 1500,
      maxRetries: 1,
    });
    gate = new MarketGateService(alpaca, AppConfig.fromEnv({}));
  });
  afterEach(() => sandbox.close());

  const at = async (instant: string) => {
    sandbox.control.setClock({ at: instant });
    return gate.decide();
  };

  it('Thanksgiving 2026-11-26 is not a trading day, at any hour', async () => {
    for (const instant of [
      '2026-11-26T13:30:00Z',
      '2026-11-26T14:30:00Z',
      '2026-11-26T16:00:00Z',
    ]) {
      await expect(at(instant)).resolves.toMatchObject({
        decision: 'not-a-trading-day',
        tradingDay: '2026-11-26',
        reason: '2026-11-26 is not a trading day (weekend or market holiday)',
      });
    }
  });

  it('the early close of 2026-11-27 keeps its real 13:00 close', async () => {
    await expect(at('2026-11-27T13:30:00Z')).resolves.toMatchObject({ decision: 'closed' }); // 08:30 EST
    await expect(at('2026-11-27T14:30:00Z')).resolves.toMatchObject({
      decision: 'open',
      tradingDay: '2026-11-27',
      session: { open: '2026-11-27T09:30:00.000-05:00', close: '2026-11-27T13:00:00.000-05:00' },
    });
    await expect(at('2026-11-27T16:30:00Z')).resolves.toMatchObject({ decision: 'outside-window' });
    await expect(at('2026-11-27T18:05:00Z')).resolves.toMatchObject({
      decision: 'closed',
      reason: 'market closed for the day (closed 13:00 ET, early close)',
    });
  });

  it('the March 2026 DST week moves the open from 14:30 to 13:30 UTC', async () => {
    await expect(at('2026-03-06T13:30:00Z')).resolves.toMatchObject({ decision: 'closed' });
    await expect(at('2026-03-06T14:30:00Z')).resolves.toMatchObject({
      decision: 'open',
      session: { open: '2026-03-06T09:30:00.000-05:00' },
    });
    await expect(at('2026-03-09T13:30:00Z')).resolves.toMatchObject({
      decision: 'open',
      tradingDay: '2026-03-09',
      session: { open: '2026-03-09T09:30:00.000-04:00' },
    });
    // 10:30 EDT: still inside the 90-minute window (the ledger finds the day done).
    await expect(at('2026-03-09T14:30:00Z')).resolves.toMatchObject({ decision: 'open' });
  });

  it('the November 2026 DST week moves it back', async () => {
    await expect(at('2026-10-30T13:30:00Z')).resolves.toMatchObject({ decision: 'open' });
    await expect(at('2026-11-02T13:30:00Z')).resolves.toMatchObject({
      decision: 'closed',
      reason: 'market not open yet (opens 09:30 ET)',
      session: { open: '2026-11-02T09:30:00.000-05:00' },
    });
    await expect(at('2026-11-02T14:30:00Z')).resolves.toMatchObject({ decision: 'open' });
  });

  it('a late start beyond the window is outside-window; the edge of the window is still open', async () => {
    await expect(at('2026-11-23T16:00:00Z')).resolves.toMatchObject({ decision: 'open' }); // 11:00 ET
    await expect(at('2026-11-23T16:00:01Z')).resolves.toMatchObject({
      decision: 'outside-window',
      tradingDay: '2026-11-23',
      reason: '90 minutes after the open (09:30 ET), beyond the 90-minute window',
    });
    await expect(at('2026-11-23T19:00:00Z')).resolves.toMatchObject({ decision: 'outside-window' });
  });

  it('broker 5xx or timeouts make the gate unknown, never open', async () => {
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    sandbox.control.inject({ route: 'GET /v2/clock', kind: 'status-503', times: 5 });
    await expect(gate.decide()).resolves.toMatchObject({
      decision: 'unknown',
      tradingDay: null,
      reason: expect.stringContaining('503'),
      error: { name: 'BrokerUnavailableError' },
    });
    sandbox.control.clearFaults();
    sandbox.control.inject({ route: 'GET /v2/calendar', kind: 'timeout', times: 5 });
    await expect(gate.decide()).resolves.toMatchObject({
      decision: 'unknown',
      reason: expect.stringContaining('no complete answer within 1500 ms'),
      error: { name: 'BrokerTimeoutError' },
    });
    sandbox.control.clearFaults();
    sandbox.control.inject({ route: 'GET /v2/calendar', kind: 'status-500', times: 5 });
    await expect(gate.decide()).resolves.toMatchObject({ decision: 'unknown' });
    sandbox.control.clearFaults();
    await expect(gate.decide()).resolves.toMatchObject({ decision: 'open' });
  });

  it('a broker that is gone makes the gate unknown', async () => {
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    await sandbox.close();
    await expect(gate.decide()).resolves.toMatchObject({
      decision: 'unknown',
      error: { name: 'BrokerNetworkError' },
    });
    sandbox = await startSandboxServer(); // for afterEach
  });

  it('a transient 5xx or a 429 is retried and the gate still decides', async () => {
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    sandbox.control.inject({ route: 'GET /v2/clock', kind: 'status-500', times: 1 });
    await expect(gate.decide()).resolves.toMatchObject({ decision: 'open' });
    sandbox.control.inject({ route: 'GET /v2/clock', kind: 'rate-limit', resetInSeconds: 1 });
    await expect(gate.decide()).resolves.toMatchObject({ decision: 'open' });
  });

  it('caches the calendar per day and refetches for a day the cache does not cover', async () => {
    await at('2026-11-23T15:00:00Z');
    await at('2026-11-23T15:05:00Z');
    expect(calendarRequests()).toBe(1);
    await Promise.all([at('2026-11-24T15:00:00Z'), gate.decide(), gate.decide()]);
    expect(calendarRequests()).toBe(2); // a new day; concurrent callers shared one request
    await at('2027-06-01T15:00:00Z'); // far outside the cached range
    expect(calendarRequests()).toBe(3);
    expect(clockRequests()).toBe(6); // the clock itself is fresh for every decision
  });

  it('always-open demo mode lets the first run of any day through', async () => {
    sandbox.control.setMode('always-open');
    await expect(at('2026-11-28T20:00:00Z')).resolves.toMatchObject({
      decision: 'open',
      tradingDay: '2026-11-28', // a Saturday
    });
  });
});

describe('market clock for /api/status', () => {
  let sandbox: RunningSandbox;
  let gate: MarketGateService;
  beforeEach(async () => {
    sandbox = await startSandboxServer();
    const alpaca = new AlpacaClient({
      baseUrl: sandbox.url,
      keyId: 'k',
      secretKey: 's',
      live: false,
      rateLimitPerMinute: 60_000,
      timeoutMs: 3000,
    });
    gate = new MarketGateService(alpaca, AppConfig.fromEnv({}));
  });
  afterEach(() => sandbox.close());
  const clockRequests = () => sandbox.control.requestCount('GET /v2/clock');

  it('is served from one fetch, however many callers, with today’s session', async () => {
    sandbox.control.setClock({ at: '2026-11-27T15:00:00Z' });
    const clocks = await Promise.all(Array.from({ length: 20 }, () => gate.getMarketClock()));
    expect(clocks.every((c) => c?.is_open === true)).toBe(true);
    expect(clockRequests()).toBe(1);
    const clock = await waitForValue(
      () => gate.getMarketClock(),
      (c) => c?.session !== undefined,
    );
    expect(clock).toMatchObject({
      is_open: true,
      tradingDay: '2026-11-27',
      next_close: '2026-11-27T13:00:00-05:00',
      session: { open: '2026-11-27T09:30:00.000-05:00', close: '2026-11-27T13:00:00.000-05:00' },
    });
    expect(clockRequests()).toBe(1);
  });

  it('extrapolates the broker timestamp by the time elapsed and flips is_open at the open', async () => {
    gate.clockTtlMs = 60_000; // no refresh during this test
    sandbox.control.setClock({ at: '2026-11-23T14:29:59.800Z' }); // 09:29:59.8 New York
    const first = await gate.getMarketClock();
    expect(first).toMatchObject({ is_open: false, next_open: '2026-11-23T09:30:00-05:00' });
    const opened = await waitForValue(
      () => gate.getMarketClock(),
      (c) => c?.is_open === true,
    );
    const elapsed = Date.now() - Date.parse(opened!.fetchedAt);
    expect(
      Date.parse(opened!.timestamp) - Date.parse('2026-11-23T14:29:59.800Z'),
    ).toBeGreaterThanOrEqual(200);
    expect(
      Math.abs(Date.parse(opened!.timestamp) - Date.parse('2026-11-23T14:29:59.800Z') - elapsed),
      // Tolerance for a busy machine: the sandbox stamps its time before the answer travels.
    ).toBeLessThan(250);
    expect(clockRequests()).toBe(1);
  });

  it('answers from the last good fetch while the broker fails, and refreshes in the background', async () => {
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    const good = await gate.getMarketClock();
    expect(good?.is_open).toBe(true);
    gate.clockTtlMs = 0;
    sandbox.control.inject({ route: 'GET /v2/clock', kind: 'timeout', times: Infinity });
    const started = Date.now();
    const stale = await gate.getMarketClock();
    expect(Date.now() - started).toBeLessThan(500); // did not wait for the 1.5 s hanging broker
    expect(stale).toMatchObject({ is_open: true, fetchedAt: good!.fetchedAt });
    await waitForValue(
      async () => sandbox.control.arrivals.filter((a) => a.route === 'GET /v2/clock').length,
      (n) => n === 2,
    );
  });

  it('with a broker that never answered, the first caller waits briefly and gets null', async () => {
    sandbox.control.inject({ route: 'GET /v2/clock', kind: 'timeout', times: Infinity });
    const started = Date.now();
    await expect(gate.getMarketClock()).resolves.toBeNull();
    expect(Date.now() - started).toBeLessThan(2500);
    await expect(gate.getMarketClock()).resolves.toBeNull(); // no new request within the TTL
    expect(sandbox.control.arrivals.filter((a) => a.route === 'GET /v2/clock')).toHaveLength(1);
  });
});
