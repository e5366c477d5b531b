/** What an on-call person must hear about: raised through AlertsService, delivered by the outbox worker. */
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
