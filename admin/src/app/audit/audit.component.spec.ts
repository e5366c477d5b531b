import type { Signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { AuditPage, AuditQuery } from '../api/api-types';
import { compact } from '../orders/orders-api.service';
import { FakeResource } from '../testing/fake-resource';
import { text } from '../testing/fakes';
import { AuditApiService } from './audit-api.service';
import { AUDIT_PAGE_SIZE, AuditComponent } from './audit.component';

class FakeAuditApi {
  readonly page = new FakeResource<AuditPage>();
  query!: Signal<AuditQuery>;
  list(query: Signal<AuditQuery>) {
    this.query = query;
    return this.page;
  }
}

describe('AuditComponent', () => {
  let api: FakeAuditApi;
  let fixture: ComponentFixture<AuditComponent>;
  const el = () => fixture.nativeElement as HTMLElement;

  beforeEach(async () => {
    api = new FakeAuditApi();
    TestBed.configureTestingModule({
      imports: [AuditComponent],
      providers: [{ provide: AuditApiService, useValue: api }],
    });
    fixture = TestBed.createComponent(AuditComponent);
    await fixture.whenStable();
  });

  it('shows who changed what, why, and the before/after', async () => {
    api.page.resolve({
      items: [
        {
          id: '7',
          at: '2026-11-30T14:00:00Z',
          actor: 'ops@example.com',
          action: 'toggles.update',
          target: 'toggles',
          before: { tradingEnabled: true },
          after: { tradingEnabled: false },
          reason: 'broker outage',
          ip: '203.0.113.9',
          requestId: 'r1',
          correlationId: null,
        },
      ],
      nextCursor: null,
    });
    await fixture.whenStable();
    const cells = [...el().querySelectorAll('[data-testid=audit-row] td')].map(text);
    expect(cells.slice(1, 5)).toEqual([
      'ops@example.com',
      'toggles.update',
      'toggles',
      'broker outage',
    ]);
    const change = [...el().querySelectorAll('[data-testid=audit-row] .change > *')].map(text);
    expect(change).toEqual([
      'Before',
      '{ "tradingEnabled": true }',
      'After',
      '{ "tradingEnabled": false }',
    ]);
  });

  it('filters by action and actor', async () => {
    expect(compact(api.query())).toEqual({ limit: AUDIT_PAGE_SIZE });
    for (const [name, value] of [
      ['action', 'toggles.update'],
      ['actor', 'ops@example.com'],
    ]) {
      const input = el().querySelector<HTMLInputElement>(`input[name=${name}]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    el().querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    expect(compact(api.query())).toEqual({
      limit: AUDIT_PAGE_SIZE,
      action: 'toggles.update',
      actor: 'ops@example.com',
    });
  });
});
