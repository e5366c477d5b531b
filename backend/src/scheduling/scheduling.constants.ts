/** Name of the daily-run cron job in the SchedulerRegistry (readiness checks it is registered). */
export const DAILY_RUN_CRON = 'daily-run';
