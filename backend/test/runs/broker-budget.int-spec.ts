/**
 * The broker's rate limit is per account; production runs several processes on one account. Two
 * clients standing for two processes share the budget through PostgreSQL: together they stay
 * under it, and one process's background reads never take a slot from another's orders.
 */
import { DataSource } from 'typeorm';
import { AlpacaClient } from '../../src/trading/broker/alpaca.client';
import { capWindowMs } from '../../src/trading/broker/alpaca-transport';
import { PostgresBrokerBudget } from '../../src/trading/broker/broker-budget';
import { BrokerBusyError } from '../../src/trading/broker/broker.errors';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { waitFor } from '../support/app';
import { createMigratedDatabase } from '../support/database';

const WINDOW_MS = 2_000;
const PER_WINDOW = 12;

/** The most arrivals in any window of `windowMs` (sliding, starting at each arrival). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('the account-wide broker budget shared by processes', () => {
  let sandbox: RunningSandbox;
  let dataSource: DataSource;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    const url = await createMigratedDatabase('budget');
    dataSource = await new DataSource({ type: 'postgres', url }).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await sandbox.close();
  });

  /** When each request left, by any client (the transport's departure time). */
  const departures: number[] = [];
  const client = (owner: string, timeoutMs = 10_000) =>
    new AlpacaClient({
      onRequest: (event) => departures.push(event.startedAt),
      baseUrl: sandbox.url,
      keyId: 'k',
      secretKey: 's',
      live: false,
      rateLimitPerMinute: (PER_WINDOW * 60_000) / WINDOW_MS,
      rateLimitWindowMs: WINDOW_MS,
      timeoutMs,
      budget: new PostgresBrokerBudget(dataSource, {
        owner,
        capacity: PER_WINDOW,
        windowMs: capWindowMs(WINDOW_MS),
        quietMs: 1_000,
      }),
    });
  const order = (id: string) => ({
    client_order_id: id,
    symbol: 'SPY',
    side: 'buy' as const,
    type: 'market' as const,
    time_in_force: 'day' as const,
    notional: '10',
  });

  it('two processes together never exceed the budget in any window', async () => {
    // The grants themselves, as the database stamped them (the budget's own clock): the table
    // keeps only the current window, so a trigger copies every grant aside.
    await dataSource.query(`CREATE TABLE IF NOT EXISTS slot_grant_log (at timestamptz NOT NULL)`);
    await dataSource.query(`
      CREATE OR REPLACE FUNCTION log_slot_grant() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO slot_grant_log VALUES (NEW.at); RETURN NEW; END $$`);
    await dataSource.query(`
      CREATE OR REPLACE TRIGGER slot_grant_log AFTER INSERT ON broker_request_slot
      FOR EACH ROW EXECUTE FUNCTION log_slot_grant()`);
    departures.length = 0;
    const [a, b] = [client('process-a'), client('process-b')];
    await Promise.all([
      ...Array.from({ length: 18 }, (_, i) => a.submitOrder(order(`a-${i}`))),
      ...Array.from({ length: 18 }, (_, i) => b.submitOrder(order(`b-${i}`))),
    ]);
    await dataSource.query(`DROP TRIGGER slot_grant_log ON broker_request_slot`);
    const grants: { ms: number }[] = await dataSource.query(
      `SELECT extract(epoch FROM at) * 1000 AS ms FROM slot_grant_log`,
    );
    expect(departures).toHaveLength(36);
    expect(grants).toHaveLength(36); // every request left with a slot of the shared budget
    // Exact, whatever the machine's load: the budget's window is capWindowMs(WINDOW_MS). (The
    // departures stamped in this process can bunch on a busy machine: that noise is what the
    // window's safety margin is for, and is no measure of the budget.)
    expect(
      busiestWindow(
        grants.map((g) => Number(g.ms)),
        capWindowMs(WINDOW_MS),
      ),
    ).toBeLessThanOrEqual(PER_WINDOW);
  });

  it("one process's background reads wait while another process is sending orders", async () => {
    await dataSource.query(`DELETE FROM broker_request_slot`);
    sandbox.control.arrivals.length = 0;
    const [worker, api] = [client('worker'), client('api')];
    const orders = Array.from({ length: 8 }, (_, i) => worker.submitOrder(order(`w-${i}`)));
    // Once the first order has left, the dashboard asks.
    await waitFor(async () => sandbox.control.arrivals.length >= 1, 10_000, 5);
    const reads = Array.from({ length: 3 }, () => api.getAccount());
    await Promise.all([...orders, ...reads]);
    const lastOrder = Math.max(
      ...sandbox.control.arrivals.filter((x) => x.route === 'POST /v2/orders').map((x) => x.at),
    );
    const firstRead = Math.min(
      ...sandbox.control.arrivals.filter((x) => x.route === 'GET /v2/account').map((x) => x.at),
    );
    expect(firstRead).toBeGreaterThan(lastOrder);
  });

  it('a background read that would wait longer than its timeout gives up unsent: busy, not down', async () => {
    await dataSource.query(`DELETE FROM broker_request_slot`);
    sandbox.control.arrivals.length = 0;
    const [worker, api] = [client('worker'), client('api', 300)];
    const orders = Array.from({ length: 6 }, (_, i) => worker.submitOrder(order(`busy-${i}`)));
    await waitFor(async () => sandbox.control.arrivals.length >= 1, 10_000, 5);
    await expect(api.getAccount({ maxRetries: 0 })).rejects.toBeInstanceOf(BrokerBusyError);
    await Promise.all(orders);
    expect(sandbox.control.arrivals.filter((x) => x.route === 'GET /v2/account')).toEqual([]);
  });
});
