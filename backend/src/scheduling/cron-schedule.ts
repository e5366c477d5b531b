import { CronTime } from 'cron';
import type { DateTime } from 'luxon';

/**
 * The attempts TRADING_CRON produces, computed with the same library and version (`cron` 4.4.0)
 * that @nestjs/schedule runs, so what the status page predicts is what the scheduler does —
 * including its DST behaviour for zoned expressions (a time skipped by the spring-forward jump
 * fires at 03:00, a time repeated in the autumn fires once).
 */

/** The next `count` attempts strictly after `from`. Throws on an invalid expression or zone. */
export function nextAttempts(
  expression: string,
  timeZone: string,
  from: Date,
  count: number,
): Date[] {
  const time = new CronTime(expression, timeZone);
  const attempts: Date[] = [];
  let cursor: Date | DateTime = from;
  for (let i = 0; i < count; i++) {
    const next: DateTime = time.getNextDateFrom(cursor, timeZone);
    attempts.push(next.toJSDate());
    cursor = next;
  }
  return attempts;
}

/** Every attempt strictly after `from` and before `to`. */
export function attemptsBetween(
  expression: string,
  timeZone: string,
  from: Date,
  to: Date,
): Date[] {
  const time = new CronTime(expression, timeZone);
  const attempts: Date[] = [];
  let cursor: Date | DateTime = from;
  for (let guard = 0; guard < 100_000; guard++) {
    const next: DateTime = time.getNextDateFrom(cursor, timeZone);
    if (next.toJSDate() >= to) break;
    attempts.push(next.toJSDate());
    cursor = next;
  }
  return attempts;
}

/** Why an expression is invalid, or null. */
export function cronProblem(expression: string): string | null {
  const result = CronTime.validateCronExpression(expression);
  return result.valid ? null : (result.error?.message ?? 'invalid cron expression');
}
