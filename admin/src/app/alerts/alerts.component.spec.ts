import { HttpErrorResponse } from '@angular/common/http';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { Alert, Page } from '../api/api-types';
import { FakeResource } from '../testing/fake-resource';
import { formatLocalTime } from '../shared/time';
import { text } from '../testing/fakes';
import { AlertsApiService } from './alerts-api.service';
import { AlertsComponent } from './alerts.component';

describe('AlertsComponent', () => {
  let page: FakeResource<Page<Alert>>;
  let fixture: ComponentFixture<AlertsComponent>;
  const el = () => fixture.nativeElement as HTMLElement;

  beforeEach(async () => {
    page = new FakeResource<Page<Alert>>();
    TestBed.configureTestingModule({
      imports: [AlertsComponent],
      providers: [{ provide: AlertsApiService, useValue: { list: () => page } }],
    });
    fixture = TestBed.createComponent(AlertsComponent);
    await fixture.whenStable();
  });

  it('lists alerts with severity and each channel delivery, failures flagged', async () => {
    page.resolve({
      items: [
        {
          id: 'a1',
          kind: 'run_failed',
          severity: 'critical',
          tradingDay: '2026-11-30',
          message: 'run failed: broker timeout',
          payload: {},
          createdAt: '2026-11-30T14:35:00Z',
          deliveries: [
            {
              channel: 'slack',
              status: 'sent',
              attempts: 1,
              lastError: null,
              sentAt: '2026-11-30T14:35:01Z',
              nextAttemptAt: null,
            },
            {
              channel: 'lark',
              status: 'failed',
              attempts: 3,
              lastError: 'HTTP 500',
              sentAt: null,
              nextAttemptAt: null,
            },
            {
              channel: 'webhook',
              status: 'pending',
              attempts: 2,
              lastError: 'HTTP 503',
              sentAt: null,
              nextAttemptAt: '2026-11-30T14:36:00Z',
            },
          ],
        },
      ],
      nextCursor: null,
    });
    await fixture.whenStable();
    const cells = [...el().querySelectorAll('[data-testid=alert-row] td')];
    expect(cells.slice(1, 4).map(text)).toEqual([
      'critical',
      'run_failed',
      'run failed: broker timeout',
    ]);
    const deliveries = [...cells[4].querySelectorAll('div')];
    expect(deliveries.map(text)).toEqual([
      'slack: sent (1 attempt)',
      'lark: failed (3 attempts) — HTTP 500',
      `webhook: pending (2 attempts) — HTTP 503 · next try ${formatLocalTime('2026-11-30T14:36:00Z')}`,
    ]);
    expect(deliveries.map((d) => d.classList.contains('failed'))).toEqual([false, true, false]);
  });

  it('says when alerts cannot be loaded', async () => {
    page.fail(new HttpErrorResponse({ status: 0 }));
    await fixture.whenStable();
    expect(text(el().querySelector('[role=alert]'))).toContain(
      'Could not load alerts: Cannot reach the API',
    );
  });
});
