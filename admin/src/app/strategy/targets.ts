import type { Target } from '../api/api-types';

/** One editable row: the weight as the operator types it, in percent. */
export interface TargetRow {
  symbol: string;
  percent: string;
}

export interface TargetChange {
  symbol: string;
  kind: 'added' | 'removed' | 'changed';
  before: number | null;
  after: number | null;
}

const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;
/** The API takes fractions with at most 6 decimals: 4 in percent. */
const PERCENT = /^\d{1,3}(\.\d{1,4})?$/;

export function toRows(targets: Target[]): TargetRow[] {
  return targets.map((t) => ({ symbol: t.symbol, percent: formatPercent(t.weight) }));
}

export function formatPercent(weight: number): string {
  return String(Number((weight * 100).toFixed(4)));
}

/** Integer millionths, so sums are exact (0.1 + 0.2 is not 0.3 in floating point). */
function micros(percent: string): number {
  const [whole, fraction = ''] = percent.split('.');
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0'));
}

/** Every problem with the rows, each naming its row; empty when they can be saved. */
export function validateRows(rows: TargetRow[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const symbol = row.symbol.trim().toUpperCase();
    const label = `Row ${index + 1}${symbol ? ` (${symbol})` : ''}`;
    if (!SYMBOL.test(symbol))
      problems.push(`${label}: symbol must be a ticker such as SPY or BRK.B`);
    else if (seen.has(symbol)) problems.push(`${label}: ${symbol} appears twice`);
    seen.add(symbol);
    const percent = row.percent.trim();
    if (!PERCENT.test(percent))
      problems.push(`${label}: weight must be a number of percent with at most 4 decimals`);
    else if (micros(percent) <= 0) problems.push(`${label}: weight must be greater than 0 %`);
    else if (micros(percent) > 1_000_000) problems.push(`${label}: weight must be at most 100 %`);
  });
  if (rows.length === 0) problems.push('Add at least one target.');
  const total = totalPercent(rows);
  if (total !== null && total > 100) problems.push(`Weights add up to ${total} %: at most 100 %.`);
  return problems;
}

/** Sum of the valid weights in percent (exact to 4 decimals), or null when none is valid. */
export function totalPercent(rows: TargetRow[]): number | null {
  const valid = rows.map((r) => r.percent.trim()).filter((p) => PERCENT.test(p));
  if (!valid.length) return null;
  return valid.reduce((sum, p) => sum + micros(p), 0) / 10_000;
}

export function toTargets(rows: TargetRow[]): Target[] {
  return rows.map((row) => ({
    symbol: row.symbol.trim().toUpperCase(),
    weight: micros(row.percent.trim()) / 1_000_000,
  }));
}

export function diffTargets(before: Target[], after: Target[]): TargetChange[] {
  const old = new Map(before.map((t) => [t.symbol, t.weight]));
  const next = new Map(after.map((t) => [t.symbol, t.weight]));
  const changes: TargetChange[] = [];
  for (const [symbol, weight] of next) {
    const previous = old.get(symbol);
    if (previous === undefined)
      changes.push({ symbol, kind: 'added', before: null, after: weight });
    else if (previous !== weight)
      changes.push({ symbol, kind: 'changed', before: previous, after: weight });
  }
  for (const [symbol, weight] of old) {
    if (!next.has(symbol)) changes.push({ symbol, kind: 'removed', before: weight, after: null });
  }
  return changes.sort((a, b) => a.symbol.localeCompare(b.symbol));
}
