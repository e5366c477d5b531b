/**
 * RISK_MAX_DAILY_NOTIONAL across the day's runs: what earlier runs of the same trading day sent
 * counts against the cap, including a quantity order (a full exit) that has not filled yet.
 */
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { DailyRunService } from '../../src/trading/daily-run.service';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';

const OPEN = '2026-11-23T15:00:00Z'; // Monday 10:00 New York, inside the window
const DAY = '2026-11-23';

describe('the daily notional cap across runs of one trading day', () => {
  let sandbox: RunningSandbox;
  let url: string;
  let app: TestApp;
  let runs: DailyRunService;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    sandbox.control.setClock({ at: OPEN });
    url = await createMigratedDatabase('cap');
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      TRADING_ENABLED: 'true',
      STRATEGY_TARGETS: 'SPY:0.1',
      RISK_MAX_ORDER_NOTIONAL: '50000',
      RISK_MAX_DAILY_NOTIONAL: '12000',
    });
    runs = app.app.get(DailyRunService);
    // An earlier attempt of the same day (failed) that sent a $5,000 buy, filled, and a full exit
    // of 20 IWM planned at $200 a share, submitted but not filled yet.
    const [earlier] = await query<{ id: string }>(
      url,
      `INSERT INTO job_run (job, trading_day, status, trigger, owner) VALUES ('daily-rebalance', $1, 'failed', 'cron', 'test') RETURNING id`,
      [DAY],
    );
    await query(
      url,
      `INSERT INTO order_intent (run_id, trading_day, strategy, client_order_id, symbol, side, notional, qty, estimated_notional, status, filled_qty, filled_avg_price)
       VALUES ($1, $2, 'fixed-weights', 'earlier-tlt', 'TLT', 'buy', 5000, NULL, 5000, 'filled', 55.5, 90),
              ($1, $2, 'fixed-weights', 'earlier-iwm', 'IWM', 'sell', NULL, 20, 4000, 'submitted', NULL, NULL)`,
      [earlier.id, DAY],
    );
  });
  afterAll(async () => {
    await app.shutdown();
    await sandbox.close();
  });

  const spyBuy = async () => {
    const preview = await runs.preview();
    expect(preview.error).toBeNull();
    const spy = preview.intents.find((i) => i.symbol === 'SPY');
    if (!spy) throw new Error(`no SPY order in ${JSON.stringify(preview.intents)}`);
    return spy;
  };

  it('counts an unfilled quantity order at its planning estimate, not as zero', async () => {
    // Already today: 5,000 (notional) + 4,000 (20 IWM estimated) = 9,000 → 3,000 left of 12,000.
    const spy = await spyBuy();
    expect(spy).toMatchObject({ side: 'buy', notional: '3000.00', status: 'planned' });
    expect(spy.riskNotes).toEqual([
      expect.objectContaining({ rule: 'RISK_MAX_DAILY_NOTIONAL', action: 'clipped' }),
    ]);
  });

  it('counts a filled quantity order at what it filled for', async () => {
    await query(
      url,
      `UPDATE order_intent SET status = 'filled', filled_qty = 20, filled_avg_price = 150 WHERE client_order_id = 'earlier-iwm'`,
    );
    // 5,000 + 20 × 150 = 8,000 → 4,000 left.
    await expect(spyBuy()).resolves.toMatchObject({ notional: '4000.00' });
  });

  it('drops the order once the day has nothing usable left', async () => {
    await query(
      url,
      `UPDATE order_intent SET notional = 12000, estimated_notional = 12000 WHERE client_order_id = 'earlier-tlt'`,
    );
    const spy = await spyBuy();
    expect(spy).toMatchObject({ status: 'dropped' });
    expect(spy.riskNotes).toEqual([
      expect.objectContaining({ rule: 'RISK_MAX_DAILY_NOTIONAL', action: 'dropped' }),
    ]);
  });
});
