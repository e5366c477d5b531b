import { RunMissedWatchdog } from '../../src/alerts/run-missed.watchdog';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { DailyRunService } from '../../src/trading/daily-run.service';
import { DailyRunCron } from '../../src/scheduling/daily-run.cron';
import { bootTestApp, waitFor, type TestApp } from '../support/app';
import { createMigratedDatabase, query } from '../support/database';
import { WebhookReceiver } from './webhook-receiver';

// Monday 2026-11-23 in New York: opens 09:30 (14:30Z); a 90-minute window closes at 16:00Z.
const BEFORE_OPEN = '2026-11-23T14:00:00Z';
const IN_WINDOW = '2026-11-23T15:00:00Z';
const AFTER_WINDOW = '2026-11-23T17:00:00Z';
const NEXT_MORNING = '2026-11-24T13:00:00Z';

describe('the run_missed watchdog', () => {
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let url: string;
  let app: TestApp | undefined;

  beforeEach(async () => {
    sandbox = await startSandboxServer();
    receiver = await new WebhookReceiver().start();
    url = await createMigratedDatabase('missed');
  });
  afterEach(async () => {
    await app?.shutdown();
    app = undefined;
    await receiver.stop();
    await sandbox.close();
  });

  const boot = async (extra: Record<string, string> = {}) => {
    app = await bootTestApp(url, {
      ...extra,
      APP_ROLE: 'all',
      ALPACA_BASE_URL: sandbox.url,
      ALPACA_RATE_LIMIT_PER_MINUTE: '60000',
      RECONCILE_POLL_MS: '50',
      ALERT_ENVIRONMENT: 'production',
      ALERT_SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
    });
    // The catch-up at boot reads the broker's clock in the background: let it finish before a
    // test moves the clock, or it may see a later time than the one it was booted at.
    await app.app.get(DailyRunCron).idle();
    return app;
  };
  const restart = async () => {
    await app?.shutdown();
    app = undefined;
    return boot();
  };
  const missedAlerts = () =>
    query(url, `SELECT dedup_key, trading_day::text AS day FROM alert WHERE kind = 'run_missed'`);

  it('reports a window that closed while the process was down, once, across restarts', async () => {
    sandbox.control.setClock({ at: BEFORE_OPEN });
    await boot();
    // The first look stores where watching starts (broker time), and reports nothing.
    await waitFor(async () => (await query(url, `SELECT 1 FROM watchdog_state`)).length === 1);
    await expect(app!.app.get(RunMissedWatchdog).check()).resolves.toEqual([]);

    // Down through the whole window; nothing ran.
    await app!.shutdown();
    app = undefined;
    sandbox.control.setClock({ at: AFTER_WINDOW });
    await boot(); // the look at boot finds the closed window
    await waitFor(async () => (await missedAlerts()).length === 1);
    await waitFor(async () => receiver.on('/slack').length === 1);
    const text = receiver.on('/slack')[0].body.text as string;
    expect(text).toContain('[production] Daily run MISSED — trading day 2026-11-23');
    expect(text).toContain('window closed at 11:00 ET');
    expect(text).toContain('no attempt was recorded at all');

    await expect(app!.app.get(RunMissedWatchdog).check()).resolves.toEqual([]);
    await restart();
    await expect(app!.app.get(RunMissedWatchdog).check()).resolves.toEqual([]);
    sandbox.control.setClock({ at: NEXT_MORNING });
    await restart();
    await expect(app!.app.get(RunMissedWatchdog).check()).resolves.toEqual([]);

    expect(await missedAlerts()).toEqual([
      { dedup_key: 'run_missed:2026-11-23', day: '2026-11-23' },
    ]);
    await waitFor(async () => {
      const rows = await query(url, `SELECT status FROM alert_delivery`);
      return rows.length === 1 && rows[0].status === 'sent';
    });
    expect(receiver.on('/slack')).toHaveLength(1);
  });

  it('stays quiet for a day with a successful run, and names the last attempt of a day without one', async () => {
    sandbox.control.setClock({ at: BEFORE_OPEN });
    await query(url, `UPDATE toggle SET enabled = false WHERE key = 'scheduler_enabled'`);
    await boot();
    const watchdog = app!.app.get(RunMissedWatchdog);
    await expect(watchdog.check()).resolves.toEqual([]);
    sandbox.control.setClock({ at: IN_WINDOW });
    await expect(watchdog.check()).resolves.toEqual([]); // window still open
    // The cron fires but the scheduler is paused: a skip, not a success.
    await expect(app!.app.get(DailyRunService).attempt({ trigger: 'cron' })).resolves.toMatchObject(
      { status: 'skipped', reason: 'scheduler paused' },
    );
    sandbox.control.setClock({ at: AFTER_WINDOW });
    await expect(watchdog.check()).resolves.toEqual(['2026-11-23']);
    const [alert] = await query<{ message: string }>(url, `SELECT message FROM alert`);
    expect(alert.message).toContain('last attempt skipped (cron): scheduler paused');

    // Tuesday: a run still in progress when the window closes is waited for…
    await query(
      url,
      `INSERT INTO job_run (job, trading_day, status, trigger, owner) VALUES ('daily-rebalance', '2026-11-24', 'running', 'cron', 'elsewhere')`,
    );
    sandbox.control.setClock({ at: '2026-11-24T16:30:00Z' });
    await expect(watchdog.check()).resolves.toEqual([]);
    // …unless its owner died (stale heartbeat): then nobody will finish it.
    await query(
      url,
      `UPDATE job_run SET heartbeat_at = now() - interval '1 hour' WHERE status = 'running'`,
    );
    await expect(watchdog.check()).resolves.toEqual(['2026-11-24']);
    const [stale] = await query<{ message: string }>(
      url,
      `SELECT message FROM alert WHERE trading_day = '2026-11-24'`,
    );
    expect(stale.message).toContain('last attempt running (cron)');

    // Wednesday: a manual run succeeds inside the window, so its closing is not reported.
    sandbox.control.setClock({ at: '2026-11-25T15:00:00Z' });
    await expect(
      app!.app.get(DailyRunService).attempt({ trigger: 'manual', requestedBy: 'test' }),
    ).resolves.toMatchObject({ status: 'succeeded' });
    sandbox.control.setClock({ at: '2026-11-25T18:00:00Z' });
    await expect(watchdog.check()).resolves.toEqual([]);
    expect(await missedAlerts()).toHaveLength(2);
  });

  it('skips holidays and counts an early close as the end of the window', async () => {
    // A 5-hour window: on the day after Thanksgiving the 13:00 ET early close ends it first.
    sandbox.control.setClock({ at: '2026-11-25T13:00:00Z' }); // Wednesday 08:00 ET
    await boot({ TRADING_WINDOW_MINUTES: '300' });
    const watchdog = app!.app.get(RunMissedWatchdog);
    await expect(watchdog.check()).resolves.toEqual([]);
    sandbox.control.setClock({ at: '2026-11-27T17:30:00Z' }); // Friday 12:30 ET, window still open
    await expect(watchdog.check()).resolves.toEqual(['2026-11-25']); // Thursday is a holiday
    sandbox.control.setClock({ at: '2026-11-27T18:30:00Z' }); // 13:30 ET, after the early close
    await expect(watchdog.check()).resolves.toEqual(['2026-11-27']);
    const rows = await query<{ day: string; message: string }>(
      url,
      `SELECT trading_day::text AS day, message FROM alert ORDER BY trading_day`,
    );
    expect(rows.map((r) => r.day)).toEqual(['2026-11-25', '2026-11-27']);
    expect(rows[0].message).toContain('window closed at 14:30 ET');
    expect(rows[1].message).toContain('window closed at 13:00 ET');
  });
});
