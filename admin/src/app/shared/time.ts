import { Pipe, type PipeTransform } from '@angular/core';

/** Market times are the exchange's (New York); events are the operator's local time. Both say so. */
export const EXCHANGE_TIME_ZONE = 'America/New_York';

const exchangeFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: EXCHANGE_TIME_ZONE,
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const localFormat = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parse(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** e.g. "Mon, Nov 30, 09:30 ET" */
export function formatExchangeTime(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? `${exchangeFormat.format(date)} ET` : '—';
}

/** e.g. "30 Nov 2026, 14:30:05" in the browser's zone (labelled "local" by the page). */
export function formatLocalTime(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? localFormat.format(date) : '—';
}

/** "in 2 h 05 min", "in 45 s", "3 min ago". */
export function formatCountdown(target: string | Date | null | undefined, now: number): string {
  const date = parse(target);
  if (!date) return '—';
  const delta = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(delta);
  const d = Math.floor(abs / 86_400);
  const h = Math.floor((abs % 86_400) / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const text =
    d > 0
      ? `${d} d ${h} h`
      : h > 0
        ? `${h} h ${String(m).padStart(2, '0')} min`
        : m > 0
          ? `${m} min ${String(s).padStart(2, '0')} s`
          : `${s} s`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

@Pipe({ name: 'exchangeTime' })
export class ExchangeTimePipe implements PipeTransform {
  transform(value: string | Date | null | undefined): string {
    return formatExchangeTime(value);
  }
}

@Pipe({ name: 'localTime' })
export class LocalTimePipe implements PipeTransform {
  transform(value: string | Date | null | undefined): string {
    return formatLocalTime(value);
  }
}
