import { DateTime } from 'luxon';
import { ValidateIf, registerDecorator, type ValidationOptions } from './class-validator';

/**
 * The field may be left out, but when present it is validated — `null` included. class-validator's
 * `@IsOptional()` skips `null` too, which let `{"tradingEnabled": null}` through to a NOT NULL
 * column (a 500 after validation had "passed").
 */
export const OptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

/** At most `decimals` decimals, for any finite number (class-validator's check throws on `1e-7`). */
export function hasAtMostDecimals(value: number, decimals: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return Number(value.toFixed(decimals)) === value;
}

export function MaxDecimals(decimals: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'maxDecimals',
      target: object.constructor,
      propertyName,
      options,
      validator: { validate: (value: unknown) => hasAtMostDecimals(value as number, decimals) },
    });
}

const DATE_OR_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):(\d{2}))?)?$/;

/**
 * `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|±HH:MM]`, a real calendar date (no month 13,
 * no Feb 30), year 1 to 9999, offset at most ±14:00 — what PostgreSQL's timestamptz accepts
 * without surprise. ISO 8601's week and ordinal dates (`2026-W05-1`, `2026-032`) are refused.
 */
export function isCalendarDateTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = DATE_OR_DATE_TIME.exec(value);
  if (!match) return false;
  const [, , , , hour, , , zone, offsetHours, offsetMinutes] = match;
  if (
    zone &&
    zone !== 'Z' &&
    (Number(offsetHours) * 60 + Number(offsetMinutes) > 14 * 60 || Number(offsetMinutes) >= 60)
  )
    return false;
  if (hour !== undefined && Number(hour) > 23) return false;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid && parsed.year >= 1;
}

export function IsCalendarDateTime(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDateTime',
      target: object.constructor,
      propertyName,
      options,
      validator: { validate: (value: unknown) => isCalendarDateTime(value) },
    });
}

/** PostgreSQL's timestamptz text form, e.g. '2026-11-22 12:58:01.123456+00' (cursors carry it). */
const PG_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** A timestamp PostgreSQL will accept: a real date and time, year ≥ 1, offset at most ±15:59. */
export function isPgTimestamp(value: string): boolean {
  const match = PG_TIMESTAMP.exec(value);
  if (!match) return false;
  const [, y, mo, d, h, mi, s, , oh, om] = match;
  if (oh !== undefined && (Number(oh) > 15 || Number(om ?? 0) > 59)) return false;
  const parsed = DateTime.fromObject(
    {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s),
    },
    { zone: 'UTC' },
  );
  return parsed.isValid && parsed.year >= 1;
}

const BIGINT_MAX = 9223372036854775807n;

/** A positive bigint id as text ("1" … "9223372036854775807"). */
export const isBigintId = (id: string) => /^\d{1,19}$/.test(id) && BigInt(id) <= BIGINT_MAX;
