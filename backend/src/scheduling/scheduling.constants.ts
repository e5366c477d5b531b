/** Name of the daily-run cron job in the SchedulerRegistry (readiness checks it is registered). */
export const DAILY_RUN_CRON = 'daily-run';

/** The ledger's job name of the daily run. */
export const DAILY_JOB = 'daily-rebalance';
/** Operators' rehearsals have a ledger of their own, so they never use up the day's real run. */
export const DRY_RUN_JOB = 'daily-rebalance-dry-run';
