import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import type { EffectiveTrading, Run } from '../api/api-types';
import { HealthApiService } from '../health/health-api.service';
import { describeApiError } from '../shared/api-error';
import { valueOf } from '../shared/read-resource';
import { ExchangeTimePipe, formatCountdown, LocalTimePipe } from '../shared/time';
import { ControlsComponent } from './controls.component';
import { PortfolioCardComponent } from './portfolio-card.component';
import { StatusApiService } from './status-api.service';
import { HttpErrorResponse } from '@angular/common/http';

export interface ModeView {
  label: 'LIVE' | 'DRY-RUN' | 'KILLED';
  tone: 'live' | 'dry' | 'killed';
  why: string;
}

/** What the big letters say, and why. The kill switch wins: it is what an operator flipped. */
export function modeView(trading: EffectiveTrading): ModeView {
  if (trading.enabled) {
    return { label: 'LIVE', tone: 'live', why: 'Orders are sent to the broker.' };
  }
  if (!trading.toggle) {
    return {
      label: 'KILLED',
      tone: 'killed',
      why: trading.envCeiling
        ? 'The kill switch (admin toggle) is on: no order is sent; runs record simulated orders.'
        : 'The kill switch (admin toggle) is on, and the environment ceiling (TRADING_ENABLED=false) keeps trading off too.',
    };
  }
  return {
    label: 'DRY-RUN',
    tone: 'dry',
    why: 'Environment ceiling: TRADING_ENABLED=false on the API. Orders are planned and recorded as simulated, never sent.',
  };
}

export interface Readout {
  name: string;
  state: 'up' | 'degraded' | 'down' | 'unknown';
  detail: string;
}

@Component({
  selector: 'ob-dashboard',
  imports: [
    MatCardModule,
    MatButtonModule,
    RouterLink,
    ExchangeTimePipe,
    LocalTimePipe,
    ControlsComponent,
    PortfolioCardComponent,
  ],
  templateUrl: './dashboard.component.html',
  styleUrl: './dashboard.component.scss',
  providers: [StatusApiService],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardComponent {
  private readonly api = inject(StatusApiService);
  private readonly health = inject(HealthApiService);

  protected readonly now = signal(Date.now());

  /**
   * The last answer, or undefined while there is none or the last read failed (an Angular
   * resource's value() throws in error; stale figures are not shown as current).
   */
  protected readonly current = computed(() => valueOf(this.api.status));

  protected readonly statusError = computed(() => {
    const error = this.api.status.error();
    return error ? describeApiError(error) : null;
  });

  protected readonly mode = computed(() => {
    const status = this.current();
    return status ? modeView(status.trading) : null;
  });

  protected readonly market = computed(() => this.current()?.market ?? null);

  protected readonly marketCountdown = computed(() => {
    const market = this.market();
    if (!market) return '—';
    return formatCountdown(market.isOpen ? market.nextClose : market.nextOpen, this.now());
  });

  protected readonly nextAttemptCountdown = computed(() =>
    formatCountdown(this.current()?.nextAttempt, this.now()),
  );

  protected readonly lastRun = computed(() => this.current()?.lastRun ?? null);
  protected readonly lastRunFailures = computed(() => failures(this.lastRun()));

  protected readonly readiness = computed<Readout[]>(() => {
    const readiness = this.health.readiness();
    const api: Readout =
      readiness.state === 'checking'
        ? { name: 'API', state: 'unknown', detail: 'checking…' }
        : readiness.state === 'ready'
          ? { name: 'API', state: 'up', detail: 'ready' }
          : readiness.state === 'not-ready'
            ? { name: 'API', state: 'down', detail: 'not ready' }
            : { name: 'API', state: 'down', detail: readiness.reason };
    const dbCheck =
      readiness.state === 'ready' || readiness.state === 'not-ready'
        ? readiness.report.details['database']
        : undefined;
    const database: Readout = dbCheck
      ? {
          name: 'Database',
          state: dbCheck.status === 'up' ? 'up' : 'down',
          detail: dbCheck.status === 'up' ? 'up' : (dbCheck.message ?? String(dbCheck.status)),
        }
      : { name: 'Database', state: 'unknown', detail: 'unknown (API not answering)' };
    return [api, database, this.brokerReadout()];
  });

  constructor() {
    const timer = setInterval(() => this.now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  private brokerReadout(): Readout {
    const broker = this.api.broker;
    const error = broker.error();
    const report =
      valueOf(broker) ??
      (error instanceof HttpErrorResponse && error.error && typeof error.error === 'object'
        ? (error.error as { details?: Record<string, { status: string; message?: string }> })
        : undefined);
    const check = report?.details ? Object.values(report.details)[0] : undefined;
    if (check) {
      const state =
        check.status === 'up' ? 'up' : check.status === 'degraded' ? 'degraded' : 'down';
      return {
        name: 'Broker',
        state,
        detail: check.message ? `${check.status}: ${check.message}` : check.status,
      };
    }
    if (error) return { name: 'Broker', state: 'unknown', detail: describeApiError(error) };
    return { name: 'Broker', state: 'unknown', detail: 'checking…' };
  }

  protected refresh(): void {
    this.api.refresh();
    this.health.refresh();
  }
}

/** "2 rejected, 1 failed"-style summary of what went wrong in a run, or null. */
export function failures(run: Run | null): string | null {
  if (!run) return null;
  const counts = run.summary?.counts ?? {};
  const parts = (['rejected', 'canceled', 'expired', 'unknown'] as const)
    .filter((status) => (counts[status] ?? 0) > 0)
    .map((status) => `${counts[status]} ${status}`);
  if (run.error) parts.push(run.error);
  return parts.length ? parts.join(', ') : null;
}
