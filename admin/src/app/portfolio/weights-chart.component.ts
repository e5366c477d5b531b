import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { Portfolio } from '../api/api-types';
import { percent } from './money';

export interface WeightRow {
  symbol: string;
  target: number;
  actual: number;
  drift: number;
  note: 'held' | 'not held' | 'no target';
}

/** Every symbol held or targeted, largest absolute drift first. */
export function weightRows(portfolio: Portfolio): WeightRow[] {
  const rows: WeightRow[] = [
    ...portfolio.positions.map((p) => ({
      symbol: p.symbol,
      target: Number(p.targetWeight ?? 0),
      actual: Number(p.actualWeight),
      drift: Number(p.drift),
      note: (p.targeted ? 'held' : 'no target') as WeightRow['note'],
    })),
    ...portfolio.missing.map((m) => ({
      symbol: m.symbol,
      target: Number(m.targetWeight),
      actual: 0,
      drift: Number(m.drift),
      note: 'not held' as const,
    })),
  ];
  return rows.sort(
    (a, b) => Math.abs(b.drift) - Math.abs(a.drift) || a.symbol.localeCompare(b.symbol),
  );
}

/**
 * Target versus actual weight per symbol: a bar for the actual weight, a marker at the target,
 * the gap between them coloured by its direction. Plain HTML (a list a screen reader reads as
 * text), so it needs no charting code at all.
 */
@Component({
  selector: 'ob-weights-chart',
  templateUrl: './weights-chart.component.html',
  styleUrl: './weights-chart.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WeightsChartComponent {
  readonly portfolio = input.required<Portfolio>();
  protected readonly rows = computed(() => weightRows(this.portfolio()));
  /** The scale: the largest weight shown, at least 10 %. */
  protected readonly scale = computed(() =>
    Math.max(0.1, ...this.rows().flatMap((r) => [r.target, r.actual])),
  );
  protected readonly percent = (value: number, signed = false) => percent(String(value), signed);
  protected width(value: number): string {
    return `${Math.max(0, Math.min(100, (value / this.scale()) * 100))}%`;
  }
}
