import type { EntityManager } from 'typeorm';

/** Where the run reports what an on-call person must hear about (alerts module). */
export interface RunAlert {
  kind:
    | 'run_failed'
    | 'run_missed'
    | 'run_partial'
    /** Raised by earlier versions; a partial run now raises run_partial. */
    | 'orders_rejected'
    | 'broker_unreachable'
    | 'cancel_all'
    | 'trading_toggled'
    | 'scheduler_toggled'
    | 'login_attack'
    /** The daily run summary (informational; ALERT_DAILY_SUMMARY). */
    | 'daily_summary';
  /** One alert per key, ever: a retried event never alerts twice. */
  dedupKey: string;
  severity: 'info' | 'warning' | 'critical';
  tradingDay: string | null;
  summary: string;
  details: Record<string, unknown>;
}

export interface AlertPort {
  /**
   * Records the alert and its outbox rows. With `manager`, inside the caller's transaction (the
   * event and its alert commit together); without, in a transaction of its own.
   */
  raise(alert: RunAlert, manager?: EntityManager): Promise<void>;
}

export const ALERTS = Symbol('ALERTS');
