import { AppConfig } from '../infra/config/app-config';
import { startSandboxServer, type RunningSandbox } from '../sandbox/sandbox-server';
import { AlpacaClient } from '../trading/broker/alpaca.client';
import { MarketGateService } from './market-gate.service';

describe('market gate over HTTP against the sandbox', () => {
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
      timeoutMs: 1500,
      maxRetries: 1,
    });
    gate = new MarketGateService(alpaca, AppConfig.fromEnv({}));
  });
  afterEach(() => sandbox.close());

  const at = async (instant: string) => {
    sandbox.broker.setClock({ at: instant });
    return gate.decide();
  };

  it('Thanksgiving 2026-11-26 is not a trading day', async () => {
    await expect(at('2026-11-26T15:00:00Z')).resolves.toMatchObject({
      decision: 'not-a-trading-day',
      tradingDay: '2026-11-26',
    });
  });

  it('the early close of 2026-11-27 keeps its real 13:00 close', async () => {
    await expect(at('2026-11-27T14:45:00Z')).resolves.toMatchObject({
      decision: 'open',
      session: { open: '2026-11-27T09:30:00.000-05:00', close: '2026-11-27T13:00:00.000-05:00' },
    });
    await expect(at('2026-11-27T18:05:00Z')).resolves.toMatchObject({
      decision: 'closed',
      reason: expect.stringContaining('early close'),
    });
  });

  it('the March 2026 DST week moves the open from 14:30 to 13:30 UTC', async () => {
    await expect(at('2026-03-06T14:30:00Z')).resolves.toMatchObject({
      decision: 'open',
      tradingDay: '2026-03-06',
    });
    await expect(at('2026-03-06T13:30:00Z')).resolves.toMatchObject({ decision: 'closed' });
    await expect(at('2026-03-09T13:30:00Z')).resolves.toMatchObject({
      decision: 'open',
      tradingDay: '2026-03-09',
    });
    await expect(at('2026-03-09T14:30:00Z')).resolves.toMatchObject({ decision: 'open' }); // 10:30 EDT, still in the window
  });

  it('the November 2026 DST week moves it back', async () => {
    await expect(at('2026-10-30T13:30:00Z')).resolves.toMatchObject({ decision: 'open' });
    await expect(at('2026-11-02T13:30:00Z')).resolves.toMatchObject({
      decision: 'closed',
      reason: 'market not open yet (opens 09:30 ET)',
    });
    await expect(at('2026-11-02T14:30:00Z')).resolves.toMatchObject({ decision: 'open' });
  });

  it('a late start beyond the window is outside-window', async () => {
    await expect(at('2026-11-23T16:30:00Z')).resolves.toMatchObject({
      decision: 'outside-window',
      tradingDay: '2026-11-23',
    });
  });

  it('broker 5xx or timeouts make the gate unknown, never open', async () => {
    sandbox.broker.setClock({ at: '2026-11-23T15:00:00Z' });
    sandbox.broker.inject({ route: 'GET /v2/clock', kind: 'status-503', times: 5 });
    await expect(gate.decide()).resolves.toMatchObject({
      decision: 'unknown',
      tradingDay: null,
      reason: expect.stringContaining('503'),
    });
    sandbox.broker.clearFaults();
    sandbox.broker.inject({ route: 'GET /v2/calendar', kind: 'timeout', times: 5 });
    await expect(gate.decide()).resolves.toMatchObject({
      decision: 'unknown',
      reason: expect.stringContaining('no answer within 1500 ms'),
    });
    sandbox.broker.clearFaults();
    await expect(gate.decide()).resolves.toMatchObject({ decision: 'open' });
  });

  it('caches the calendar per day and refetches for a day the cache does not cover', async () => {
    const calendarCalls = () =>
      sandbox.broker.requests.filter((r) => r.route === 'GET /v2/calendar').length;
    await at('2026-11-23T15:00:00Z');
    await at('2026-11-23T15:05:00Z');
    expect(calendarCalls()).toBe(1);
    await at('2026-11-24T15:00:00Z');
    expect(calendarCalls()).toBe(2);
    await at('2027-06-01T15:00:00Z'); // far outside the cached range
    expect(calendarCalls()).toBe(3);
  });

  it('serves the market clock from a cache, never fetching per request', async () => {
    sandbox.broker.setClock({ at: '2026-11-23T15:00:00Z' });
    const clocks = await Promise.all(Array.from({ length: 20 }, () => gate.marketClock()));
    expect(clocks.every((c) => c?.is_open === true)).toBe(true);
    expect(sandbox.broker.requests.filter((r) => r.route === 'GET /v2/clock')).toHaveLength(1);
  });
});
