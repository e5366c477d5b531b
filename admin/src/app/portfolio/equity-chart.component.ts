import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { IChartApi } from 'lightweight-charts';
import type { HistoryPoint } from '../api/api-types';
import { EXCHANGE_TIME_ZONE } from '../shared/time';
import { dollars, percent } from './money';

export interface CurvePoint {
  /** Seconds, shifted so that the chart's UTC axis reads New York wall time. */
  time: number;
  equity: number;
  /** equity ÷ running peak − 1 (≤ 0). */
  drawdown: number;
}

/** Seconds to add to a UTC instant so a UTC-only axis shows New York wall time (DST-aware). */
export function newYorkShift(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: EXCHANGE_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((wall - at.getTime()) / 1000);
}

/**
 * The equity curve and its drawdown from the running peak. Daily points sit on their New York
 * date; intraday points at their New York wall time. Equal times keep the last point.
 */
export function curve(points: HistoryPoint[], daily: boolean): CurvePoint[] {
  const out: CurvePoint[] = [];
  let peak = -Infinity;
  for (const point of points) {
    const equity = Number(point.equity);
    if (!Number.isFinite(equity)) continue;
    peak = Math.max(peak, equity);
    const time = daily
      ? Date.parse(`${point.tradingDay}T00:00:00Z`) / 1000
      : Math.floor(Date.parse(point.at) / 1000) + newYorkShift(new Date(point.at));
    const drawdown = peak > 0 ? equity / peak - 1 : 0;
    if (out.length && out[out.length - 1].time >= time) out.pop();
    out.push({ time, equity, drawdown });
  }
  return out;
}

/** The largest drawdown of the curve (a fraction ≤ 0), for the text summary. */
export const maxDrawdown = (points: CurvePoint[]) =>
  points.reduce((worst, p) => Math.min(worst, p.drawdown), 0);

/**
 * The equity curve (top) and the drawdown shaded below it, drawn with TradingView's
 * lightweight-charts, loaded with this page only. The canvas is decorative for screen readers:
 * the same figures are in the text summary the page shows beside it.
 */
@Component({
  selector: 'ob-equity-chart',
  template: `
    <div
      #host
      class="chart-host"
      role="img"
      [attr.aria-label]="label()"
      data-testid="equity-chart"
      [attr.data-drawn]="drawn() ? 'true' : null"
    ></div>
    @if (failed(); as message) {
      <p class="load-error" role="alert">The chart could not be drawn: {{ message }}</p>
    }
  `,
  styles: `
    .chart-host {
      width: 100%;
      height: 360px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EquityChartComponent {
  readonly points = input.required<HistoryPoint[]>();
  readonly daily = input(true);
  /** Trading days with a run (markers on the curve). */
  readonly runDays = input<string[]>([]);

  private readonly host = viewChild.required<ElementRef<HTMLElement>>('host');
  protected readonly drawn = signal(false);
  protected readonly failed = signal<string | null>(null);
  private readonly data = computed(() => curve(this.points(), this.daily()));
  protected readonly label = computed(() => {
    const data = this.data();
    if (!data.length) return 'Equity curve: no data';
    const first = data[0];
    const last = data[data.length - 1];
    return `Equity curve from ${dollars(String(first.equity))} to ${dollars(String(last.equity))}, largest drawdown ${percent(String(maxDrawdown(data)))}`;
  });
  private chart: IChartApi | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.chart?.remove();
      this.chart = null;
    });
    afterRenderEffect(() => {
      const data = this.data();
      const runDays = new Set(this.runDays());
      const daily = this.daily();
      void this.draw(data, runDays, daily);
    });
  }

  private async draw(data: CurvePoint[], runDays: Set<string>, daily: boolean): Promise<void> {
    try {
      const charts = await import('lightweight-charts');
      this.chart?.remove();
      const chart = charts.createChart(this.host().nativeElement, {
        autoSize: true,
        layout: { attributionLogo: false, panes: { separatorColor: '#ccc' } },
        rightPriceScale: { borderVisible: false },
        timeScale: { timeVisible: !daily, secondsVisible: false, borderVisible: false },
        grid: { vertLines: { visible: false } },
      });
      this.chart = chart;
      const equity = chart.addSeries(charts.AreaSeries, {
        lineColor: '#1565c0',
        topColor: 'rgba(21, 101, 192, 0.25)',
        bottomColor: 'rgba(21, 101, 192, 0.02)',
        lineWidth: 2,
        title: 'Equity',
        priceFormat: {
          type: 'custom',
          minMove: 0.01,
          formatter: (price: number) => dollars(String(price)),
        },
      });
      const time = (t: number) => t as import('lightweight-charts').UTCTimestamp;
      equity.setData(data.map((p) => ({ time: time(p.time), value: p.equity })));
      const drawdown = chart.addSeries(
        charts.AreaSeries,
        {
          lineColor: '#c62828',
          topColor: 'rgba(198, 40, 40, 0.05)',
          bottomColor: 'rgba(198, 40, 40, 0.35)',
          invertFilledArea: true,
          lineWidth: 1,
          title: 'Drawdown',
          priceFormat: {
            type: 'custom',
            minMove: 0.01,
            formatter: (value: number) => `${value.toFixed(2)} %`,
          },
        },
        1,
      );
      drawdown.setData(data.map((p) => ({ time: time(p.time), value: p.drawdown * 100 })));
      chart.panes()[1]?.setHeight(100);
      if (daily && runDays.size)
        charts.createSeriesMarkers(
          equity,
          data
            .filter((p) => runDays.has(new Date(p.time * 1000).toISOString().slice(0, 10)))
            .map((p) => ({
              time: time(p.time),
              position: 'belowBar' as const,
              shape: 'circle' as const,
              color: '#2e7d32',
              size: 0.6,
            })),
        );
      chart.timeScale().fitContent();
      this.failed.set(null);
      this.drawn.set(data.length > 0);
    } catch (error) {
      this.drawn.set(false);
      this.failed.set(error instanceof Error ? error.message : String(error));
    }
  }
}
