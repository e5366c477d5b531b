import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatSortModule, type Sort } from '@angular/material/sort';
import type { HistoryPeriod, Portfolio, PortfolioPosition } from '../api/api-types';
import { describeApiError } from '../shared/api-error';
import { valueOf } from '../shared/read-resource';
import { ExchangeTimePipe } from '../shared/time';
import { curve, EquityChartComponent, maxDrawdown } from './equity-chart.component';
import { dollars, percent, signedDollars, tone } from './money';
import { PortfolioApiService } from './portfolio-api.service';
import { WeightsChartComponent } from './weights-chart.component';

export const PERIODS: readonly { value: HistoryPeriod; label: string }[] = [
  { value: '1W', label: '1 week' },
  { value: '1M', label: '1 month' },
  { value: '3M', label: '3 months' },
  { value: '1Y', label: '1 year' },
  { value: 'all', label: 'All' },
];

type SortKey =
  'symbol' | 'marketValue' | 'unrealizedPl' | 'unrealizedPlPct' | 'actualWeight' | 'drift';

/** Positions sorted by a column (numbers as numbers); symbol breaks ties. */
export function sortPositions(positions: PortfolioPosition[], sort: Sort): PortfolioPosition[] {
  const key = (sort.active || 'symbol') as SortKey;
  const direction = sort.direction === 'desc' ? -1 : 1;
  const value = (p: PortfolioPosition) =>
    key === 'symbol' ? p.symbol : Number(p[key] ?? Number.NEGATIVE_INFINITY);
  return [...positions].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const order =
      typeof x === 'string' ? x.localeCompare(String(y)) : (x as number) - (y as number);
    return order * (sort.direction ? direction : 1) || a.symbol.localeCompare(b.symbol);
  });
}

/** What to say instead of (or above) the figures when the broker could not be read. */
export function brokerNotice(portfolio: Pick<Portfolio, 'state' | 'message'>): string | null {
  switch (portfolio.state) {
    case 'ok':
      return null;
    case 'busy':
      return 'The daily run is sending orders right now: portfolio reads wait for it so they never delay an order. Figures refresh when it is done.';
    case 'unavailable':
      return `The broker could not be read, so no current figures are shown. ${portfolio.message ?? ''}`.trim();
  }
}

@Component({
  selector: 'ob-portfolio',
  imports: [
    MatCardModule,
    MatButtonToggleModule,
    MatSortModule,
    ExchangeTimePipe,
    EquityChartComponent,
    WeightsChartComponent,
  ],
  templateUrl: './portfolio.component.html',
  styleUrl: './portfolio.component.scss',
  providers: [PortfolioApiService],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PortfolioComponent {
  private readonly api = inject(PortfolioApiService);
  protected readonly periods = PERIODS;
  protected readonly period = signal<HistoryPeriod>('1M');
  protected readonly sort = signal<Sort>({ active: 'symbol', direction: 'asc' });

  protected readonly portfolio = this.api.portfolio;
  protected readonly history = this.api.history(this.period);

  protected readonly current = computed(() => valueOf(this.portfolio));
  protected readonly loadError = computed(() => {
    const error = this.portfolio.error();
    return error ? describeApiError(error) : null;
  });
  protected readonly historyError = computed(() => {
    const error = this.history.error();
    return error ? describeApiError(error) : null;
  });
  protected readonly notice = computed(() => {
    const portfolio = this.current();
    return portfolio ? brokerNotice(portfolio) : null;
  });
  protected readonly positions = computed(() =>
    sortPositions(this.current()?.positions ?? [], this.sort()),
  );
  protected readonly historyValue = computed(() => valueOf(this.history));
  protected readonly historyNotice = computed(() => {
    const history = this.historyValue();
    if (!history || history.state === 'ok') return null;
    return history.state === 'busy'
      ? "The daily run is sending orders: the broker's history will refresh when it is done; Openbell's own daily snapshots are shown meanwhile."
      : `The broker's history could not be read; Openbell's own daily snapshots are shown instead. ${history.message ?? ''}`.trim();
  });
  protected readonly runDays = computed(() =>
    (this.historyValue()?.runs ?? []).map((r) => r.tradingDay),
  );
  protected readonly curveSummary = computed(() => {
    const history = this.historyValue();
    if (!history?.points.length) return null;
    const data = curve(history.points, history.timeframe === '1D');
    const first = history.points[0];
    const last = history.points[history.points.length - 1];
    const change = Number(last.equity) - Number(first.equity);
    return {
      from: first,
      to: last,
      change: change.toFixed(2),
      changePct: Number(first.equity) > 0 ? String(change / Number(first.equity)) : null,
      maxDrawdown: String(maxDrawdown(data)),
      snapshots: history.points.filter((p) => p.source === 'snapshot').length,
    };
  });

  protected readonly dollars = dollars;
  protected readonly signedDollars = signedDollars;
  protected readonly percent = percent;
  protected readonly tone = tone;

  protected setPeriod(period: HistoryPeriod): void {
    this.period.set(period);
  }

  protected refresh(): void {
    this.api.refresh();
  }
}
