import type { RunAlert } from './alert';

export type AlertKind = RunAlert['kind'] | 'boot_failed' | 'process_crashed' | 'backup_failed';

/** What each alert is called and the first thing the on-call person does (docs/operations.md). */
export const ALERT_GUIDE: Record<AlertKind, { title: string; firstStep: string }> = {
  run_failed: {
    title: 'Daily run FAILED',
    firstStep:
      'open the run in the admin (Runs) and read its error; a later trigger inside the window retries it',
  },
  run_missed: {
    title: 'Daily run MISSED',
    firstStep:
      'check the worker is up and the scheduler is not paused, then decide whether to run manually tomorrow; nothing was traded today',
  },
  run_partial: {
    title: 'Daily run PARTIAL',
    firstStep:
      "open the run in the admin (Runs): read each rejected order's reason and follow the ones still open at the broker",
  },
  orders_rejected: {
    title: 'Orders REJECTED by the broker',
    firstStep: 'read each reject reason on the run page; check buying power and the symbols',
  },
  trading_toggled: {
    title: 'Kill switch changed',
    firstStep: 'confirm the change was intended (audit log: who and why)',
  },
  scheduler_toggled: {
    title: 'Scheduler pause changed',
    firstStep: 'confirm the change was intended (audit log: who and why)',
  },
  cancel_all: {
    title: 'Emergency CANCEL-ALL requested',
    firstStep:
      'check open orders at the broker are gone (the audit log has the outcome) and find out why it was pressed',
  },
  login_attack: {
    title: 'Sustained LOGIN ATTACK',
    firstStep:
      'read the warn-level login lines for the client addresses; owners still sign in from a client without recent failures',
  },
  broker_unreachable: {
    title: 'Broker UNREACHABLE',
    firstStep:
      'check /health/broker and Alpaca status; runs fail safe (no orders) until it answers',
  },
  daily_summary: {
    title: 'Daily summary',
    firstStep:
      'nothing, unless a figure surprises you: the run link shows every order, planned versus filled',
  },
  boot_failed: {
    title: 'Boot FAILED',
    firstStep:
      'read the deploy logs (config or migration error); the previous deploy keeps serving',
  },
  process_crashed: {
    title: 'Process CRASHED',
    firstStep:
      'read the deploy logs around the crash; Railway restarts the replica, and a run it interrupted is resumed by the next trigger',
  },
  backup_failed: {
    title: 'Backup FAILED',
    firstStep:
      "read the backup service's logs (the failed step is named); the earlier dumps in the bucket are kept, the next scheduled run tries again",
  },
};

/** The runbook section of each alert kind: docs/operations.md has a heading named after it. */
export function runbookAnchor(kind: AlertKind): string {
  return `docs/operations.md#${kind}`;
}

/**
 * The text every channel sends: environment, trading day, what happened, the first thing to do.
 * One line per fact, so it reads on a phone.
 */
export function formatAlertMessage(
  environment: string,
  alert: { kind: AlertKind; tradingDay: string | null; summary: string },
): string {
  const guide = ALERT_GUIDE[alert.kind];
  return [
    `[${environment}] ${guide.title}${alert.tradingDay ? ` — trading day ${alert.tradingDay}` : ''}`,
    alert.summary,
    `First: ${guide.firstStep}.`,
    `Runbook: ${runbookAnchor(alert.kind)}`,
  ].join('\n');
}
