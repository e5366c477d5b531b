import { expectMatchesSpec } from '../support/alpaca-contract';
import { AlpacaClient } from '../../src/trading/broker/alpaca.client';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';

const client = (sandbox: RunningSandbox) =>
  new AlpacaClient({
    baseUrl: sandbox.url,
    keyId: 'k',
    secretKey: 's',
    live: false,
    rateLimitPerMinute: 60_000,
    timeoutMs: 5_000,
  });

/** The sandbox's moving prices and portfolio history, through the real client, against the spec. */
describe('sandbox market: moving prices and portfolio history', () => {
  let sandbox: RunningSandbox;
  afterEach(async () => {
    await sandbox.close();
  });

  it('fixed prices by default: nothing moves, positions are worth what they cost', async () => {
    sandbox = await startSandboxServer({ positions: { SPY: '10' } });
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    const alpaca = client(sandbox);
    const [position] = await alpaca.listPositions();
    sandbox.control.setClock({ at: '2026-11-23T19:00:00Z' });
    const [later] = await alpaca.listPositions();
    expect([position.current_price, later.current_price]).toEqual(['600.00', '600.00']);
    expect(later).toMatchObject({ unrealized_pl: '0', cost_basis: '6000.00' });
  });

  it('moving prices: the price changes through the day, P&L follows, and the history is what the account was worth', async () => {
    sandbox = await startSandboxServer({
      movingPrices: true,
      cash: '10000',
      positions: { SPY: '10' },
    });
    const alpaca = client(sandbox);
    sandbox.control.setClock({ at: '2026-11-23T15:00:00Z' });
    const morning = (await alpaca.listPositions())[0];
    sandbox.control.setClock({ at: '2026-11-23T18:00:00Z' });
    const afternoon = (await alpaca.listPositions())[0];
    expect(morning.current_price).not.toBe(afternoon.current_price);
    // Cost basis stays at the seeded price; P&L is value − cost, exactly.
    expect(afternoon.cost_basis).toBe('6000.00');
    expect(Number(afternoon.unrealized_pl)).toBeCloseTo(Number(afternoon.market_value) - 6000, 2);
    expectMatchesSpec('/v2/positions', 'get', await alpaca.listPositions());

    // A buy at 18:00 moves cash into shares: equity does not jump at the fill.
    await alpaca.submitOrder({
      client_order_id: 'm-1',
      symbol: 'TLT',
      side: 'buy',
      type: 'market',
      time_in_force: 'day',
      notional: '5000',
    });
    sandbox.control.setClock({ at: '2026-11-23T20:30:00Z' });
    const account = await alpaca.getAccount();
    const day = await alpaca.getPortfolioHistory({ period: '1D', timeframe: '15Min' });
    expectMatchesSpec('/v2/account/portfolio/history', 'get', day);
    expect(day.timeframe).toBe('15Min');
    expect(day.timestamp.length).toBe(day.equity.length);
    // 9:30 to 15:30 New York in 15-minute windows (the last still open at 15:30).
    expect(day.timestamp[0]).toBe(Date.parse('2026-11-23T14:30:00Z') / 1000);
    expect(day.equity.at(-1)).toBeCloseTo(Number(account.equity), 2);
    const before = day.equity[day.timestamp.indexOf(Date.parse('2026-11-23T17:45:00Z') / 1000)];
    const after = day.equity[day.timestamp.indexOf(Date.parse('2026-11-23T18:00:00Z') / 1000)];
    expect(Math.abs(after - before)).toBeLessThan(100);
    expect(day.profit_loss[0]).toBe(0);

    const month = await alpaca.getPortfolioHistory({ period: '1M', timeframe: '1D' });
    expectMatchesSpec('/v2/account/portfolio/history', 'get', month);
    // Daily points: one per NYSE session, labelled 00:00 UTC of the New York date.
    expect(new Date(month.timestamp.at(-1)! * 1000).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(month.timestamp).not.toContain(Date.parse('2026-11-22T00:00:00Z') / 1000); // a Sunday
    expect(new Set(month.equity).size).toBeGreaterThan(5);

    await expect(alpaca.getPortfolioHistory({ period: 'soon' })).rejects.toMatchObject({
      status: 422,
    });
  });
});
