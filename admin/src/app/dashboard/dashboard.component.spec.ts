import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Status } from '../api/api-types';
import { makeRun, makeStatus } from '../testing/factories';
import { SessionService } from '../auth/session.service';
import { HealthApiService, type HealthReport, type Readiness } from '../health/health-api.service';
import { FakeResource } from '../testing/fake-resource';
import { FakeConfirm, FakeSession, text } from '../testing/fakes';
import { ConfirmService } from '../shared/confirm.service';
import { DashboardComponent, failures, modeView } from './dashboard.component';
import { StatusApiService } from './status-api.service';
import { PortfolioCardComponent } from './portfolio-card.component';
import { PortfolioApiService } from '../portfolio/portfolio-api.service';
import { TogglesApiService } from './toggles-api.service';
import { RunsApiService } from '../runs/runs-api.service';
import { OrdersApiService } from '../orders/orders-api.service';

class FakeStatusApi {
  readonly status = new FakeResource<Status>();
  readonly broker = new FakeResource<HealthReport>();
  refreshes = 0;
  refresh(): void {
    this.refreshes++;
  }
}

class FakeHealthApi {
  readonly readiness = signal<Readiness>({ state: 'checking' });
  refresh(): void {}
}

describe('DashboardComponent', () => {
  let api: FakeStatusApi;
  let health: FakeHealthApi;
  let fixture: ComponentFixture<DashboardComponent>;
  const page = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => text(page().querySelector(`[data-testid=${id}]`));

  beforeEach(async () => {
    api = new FakeStatusApi();
    health = new FakeHealthApi();
    TestBed.configureTestingModule({
      imports: [DashboardComponent],
      providers: [
        provideRouter([]),
        { provide: HealthApiService, useValue: health },
        { provide: SessionService, useValue: new FakeSession() },
        { provide: ConfirmService, useValue: new FakeConfirm() },
        { provide: TogglesApiService, useValue: {} },
        { provide: RunsApiService, useValue: {} },
        { provide: OrdersApiService, useValue: {} },
      ],
    });
    TestBed.overrideComponent(PortfolioCardComponent, {
      set: {
        providers: [{ provide: PortfolioApiService, useValue: { portfolio: new FakeResource() } }],
      },
    });
    TestBed.overrideComponent(DashboardComponent, {
      set: { providers: [{ provide: StatusApiService, useValue: api }] },
    });
    fixture = TestBed.createComponent(DashboardComponent);
    await fixture.whenStable();
  });

  const show = async (status: Status) => {
    api.status.resolve(status);
    await fixture.whenStable();
  };

  it('says LIVE in big letters when orders are sent', async () => {
    await show(makeStatus());
    expect(page().querySelector('[data-testid=scheduler-paused]')).toBeNull();
    expect(byTestId('trading-mode')).toBe('LIVE');
    expect(byTestId('trading-why')).toBe('Orders are sent to the broker.');
    expect(page().querySelector('.mode-card')?.classList).toContain('live');
  });

  it('says KILLED and why when the kill switch is on', async () => {
    await show(
      makeStatus({
        trading: {
          enabled: false,
          mode: 'dry-run',
          reason: 'kill-switch',
          envCeiling: true,
          toggle: false,
        },
      }),
    );
    expect(byTestId('trading-mode')).toBe('KILLED');
    expect(byTestId('trading-why')).toContain('kill switch (admin toggle) is on');
  });

  it('says DRY-RUN and names the environment ceiling when TRADING_ENABLED=false', async () => {
    await show(
      makeStatus({
        trading: {
          enabled: false,
          mode: 'dry-run',
          reason: 'env-ceiling',
          envCeiling: false,
          toggle: true,
        },
      }),
    );
    expect(byTestId('trading-mode')).toBe('DRY-RUN');
    expect(byTestId('trading-why')).toContain('TRADING_ENABLED=false');
  });

  it('shows the scheduler, the market clock in exchange time with a countdown, and the next attempt', async () => {
    await show(
      makeStatus({
        scheduler: { enabled: false, cron: '30 13,14 * * 1-5', timeZone: 'UTC', windowMinutes: 90 },
      }),
    );
    expect(byTestId('scheduler-state')).toBe('PAUSED');
    expect(byTestId('scheduler-paused')).toBe(
      'Paused: scheduled attempts are recorded as skipped until it is resumed.',
    );
    expect(byTestId('market-state')).toBe('CLOSED');
    expect(byTestId('market-next')).toMatch(/^Opens .+ ET \(in 1 h 00 min\)$/);
    expect(byTestId('next-attempt')).toMatch(/^Next attempt: .+ ET · .+ local · in 2 h 0[45] min$/);
  });

  it('says when the broker clock is unknown', async () => {
    await show(makeStatus({ market: null }));
    expect(byTestId('market-state')).toBe('Unknown');
  });

  it('shows the last run with its orders and failures', async () => {
    await show(makeStatus({ lastRun: makeRun({ status: 'failed', error: 'broker timeout' }) }));
    expect(byTestId('last-run-status')).toBe('failed');
    expect(byTestId('last-run-orders')).toBe('Orders: 3 · Problems: 1 rejected, broker timeout');
    expect(
      page().querySelector('a[href="/runs/11111111-1111-4111-8111-111111111111"]'),
    ).not.toBeNull();
  });

  it('shows the readiness of the API, the database and the broker', async () => {
    health.readiness.set({
      state: 'not-ready',
      checkedAt: new Date(),
      report: {
        status: 'error',
        details: { database: { status: 'down', message: 'connection refused' } },
      },
    });
    api.broker.fail(
      new HttpErrorResponse({
        status: 503,
        error: { status: 'error', details: { broker: { status: 'down', message: 'HTTP 500' } } },
      }),
    );
    await show(makeStatus());
    const items = [...page().querySelectorAll('[data-testid=readiness-item]')];
    expect(items.map(text)).toEqual([
      'API: not ready',
      'Database: connection refused',
      'Broker: down: HTTP 500',
    ]);
    expect(items.map((item) => item.className)).toEqual(['down', 'down', 'down']);
  });

  it('says so, as an alert, when the status cannot be read', async () => {
    api.status.fail(new HttpErrorResponse({ status: 0 }));
    await fixture.whenStable();
    expect(page().querySelector('[role=alert]')?.textContent).toContain('Cannot reach the API');
  });

  it('when the API stops answering, shows the error instead of the last figures as current', async () => {
    await show(makeStatus());
    expect(byTestId('trading-mode')).toBe('LIVE');
    api.status.fail(new HttpErrorResponse({ status: 503, error: { message: 'shutting down' } }));
    await fixture.whenStable();
    expect(byTestId('status-error')).toContain('Status unavailable: The API failed (HTTP 503)');
    expect(byTestId('trading-mode')).toBe('…');
    expect(page().querySelector('[data-testid=market-state]')).toBeNull();
    expect(page().querySelector('[data-testid=last-run-status]')).toBeNull();
  });

  it('refreshes on demand', async () => {
    const refresh = [...page().querySelectorAll('button')].find((b) => text(b) === 'Refresh')!;
    refresh.click();
    expect(api.refreshes).toBe(1);
  });
});

describe('modeView and failures', () => {
  it('lets the kill switch win over the ceiling, and names both', () => {
    const view = modeView({
      enabled: false,
      mode: 'dry-run',
      reason: 'env-ceiling',
      envCeiling: false,
      toggle: false,
    });
    expect(view.label).toBe('KILLED');
    expect(view.why).toContain('TRADING_ENABLED=false');
  });

  it('summarises what went wrong in a run', () => {
    expect(failures(null)).toBeNull();
    expect(failures(makeRun({ summary: { orders: 2, counts: { filled: 2 } } }))).toBeNull();
    expect(failures(makeRun({ summary: { counts: { expired: 1, canceled: 2 } } }))).toBe(
      '2 canceled, 1 expired',
    );
  });
});
