import type { Signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { HttpErrorResponse } from '@angular/common/http';
import type { Page, Run, RunDetail } from '../api/api-types';
import { FakeResource } from '../testing/fake-resource';
import { makeOrder, makeRun } from '../testing/factories';
import { text } from '../testing/fakes';
import { RunDetailComponent } from './run-detail.component';
import { RunsApiService } from './runs-api.service';
import { RunsComponent } from './runs.component';

class FakeRunsApi {
  readonly page = new FakeResource<Page<Run>>();
  readonly detail = new FakeResource<RunDetail>();
  cursor!: Signal<string | undefined>;
  id!: Signal<string | undefined>;
  list(cursor: Signal<string | undefined>) {
    this.cursor = cursor;
    return this.page;
  }
  get(id: Signal<string | undefined>) {
    this.id = id;
    return this.detail;
  }
}

/** Cells as text; a cell made of lines (divs) joins them with " | ". */
const rows = (el: HTMLElement, testId: string) =>
  [...el.querySelectorAll(`[data-testid=${testId}]`)].map((row) =>
    [...row.querySelectorAll('td')].map((cell) => {
      const lines = [...cell.querySelectorAll(':scope > div')];
      return lines.length ? lines.map(text).join(' | ') : text(cell);
    }),
  );

describe('RunsComponent', () => {
  let api: FakeRunsApi;
  let fixture: ComponentFixture<RunsComponent>;
  const el = () => fixture.nativeElement as HTMLElement;
  const buttons = () =>
    Object.fromEntries(
      [...el().querySelectorAll('.pager button')].map((b) => [text(b), b as HTMLButtonElement]),
    );

  beforeEach(async () => {
    api = new FakeRunsApi();
    TestBed.configureTestingModule({
      imports: [RunsComponent],
      providers: [provideRouter([]), { provide: RunsApiService, useValue: api }],
    });
    fixture = TestBed.createComponent(RunsComponent);
    await fixture.whenStable();
  });

  it('lists runs with trigger, status, orders, skip reason or error and duration', async () => {
    api.page.resolve({
      items: [
        makeRun(),
        makeRun({
          id: 'r2',
          trigger: 'manual',
          dryRun: true,
          status: 'skipped',
          skipReason: 'market closed',
          summary: null,
          finishedAt: null,
        }),
      ],
      nextCursor: null,
    });
    await fixture.whenStable();
    const table = rows(el(), 'run-row');
    expect(table.map((r) => r.slice(1))).toEqual([
      ['2026-11-30', 'cron', 'succeeded', '3', '', '1 min 2 s'],
      ['2026-11-30', 'manual (dry run)', 'skipped', '—', 'market closed', '—'],
    ]);
    expect(el().querySelector('[data-testid=run-row] a')?.getAttribute('href')).toBe(
      '/runs/11111111-1111-4111-8111-111111111111',
    );
  });

  it('pages with the cursor: older, then back to newer', async () => {
    api.page.resolve({ items: [makeRun()], nextCursor: 'c2' });
    await fixture.whenStable();
    expect(buttons()['Newer'].disabled).toBe(true);
    buttons()['Older'].click();
    expect(api.cursor()).toBe('c2');
    api.page.resolve({ items: [makeRun({ id: 'old' })], nextCursor: null });
    await fixture.whenStable();
    expect(text(el().querySelector('.pager > span'))).toBe('Page 2');
    expect(buttons()['Older'].disabled).toBe(true);
    buttons()['Newer'].click();
    expect(api.cursor()).toBeUndefined();
  });

  it('says when runs cannot be loaded', async () => {
    api.page.fail(
      new HttpErrorResponse({ status: 500, error: { message: 'boom', requestId: 'r-1' } }),
    );
    await fixture.whenStable();
    expect(text(el().querySelector('[role=alert]'))).toBe(
      "Could not load runs: The API failed (HTTP 500): boom (request id r-1). Try again; if it persists, check the API's logs.",
    );
  });
});

describe('RunDetailComponent', () => {
  let api: FakeRunsApi;
  let fixture: ComponentFixture<RunDetailComponent>;
  const el = () => fixture.nativeElement as HTMLElement;

  beforeEach(async () => {
    api = new FakeRunsApi();
    TestBed.configureTestingModule({
      imports: [RunDetailComponent],
      providers: [provideRouter([]), { provide: RunsApiService, useValue: api }],
    });
    fixture = TestBed.createComponent(RunDetailComponent);
    fixture.componentRef.setInput('id', 'abc');
    await fixture.whenStable();
  });

  it('reads the run named by the route and shows its orders with fills, rejections and reasons', async () => {
    expect(api.id()).toBe('abc');
    api.detail.resolve({
      ...makeRun({
        status: 'failed',
        error: 'broker timeout',
        requestedBy: 'ops@example.com',
        reason: 'retry',
      }),
      orders: [
        makeOrder(),
        makeOrder({
          id: 'o2',
          symbol: 'TLT',
          status: 'rejected',
          filledQty: null,
          rejectReason: 'insufficient buying power',
          riskNotes: [
            { rule: 'RISK_MAX_ORDER_NOTIONAL', action: 'clipped', detail: '5000 to 1000' },
          ],
        }),
      ],
      plannedVsFilled: {
        orders: [
          {
            orderId: '22222222-2222-4222-8222-222222222222',
            symbol: 'SPY',
            side: 'buy',
            status: 'filled',
            estimatedNotional: '1000.00',
            plannedPrice: '666.000000000',
            filledQty: '1.5',
            filledAvgPrice: '666.66',
            filledNotional: '999.99',
            slippageBps: '9.90',
            slippageDollars: '0.99',
          },
          {
            orderId: 'o2',
            symbol: 'TLT',
            side: 'buy',
            status: 'rejected',
            estimatedNotional: '1000.00',
            plannedPrice: null,
            filledQty: null,
            filledAvgPrice: null,
            filledNotional: null,
            slippageBps: null,
            slippageDollars: null,
          },
        ],
        totals: {
          measuredOrders: 1,
          plannedNotional: '2000.00',
          filledNotional: '999.99',
          slippageDollars: '0.99',
          slippageBps: '9.90',
        },
      },
    });
    await fixture.whenStable();
    expect(text(el().querySelector('[data-testid=run-status]'))).toBe('failed');
    const facts = Object.fromEntries(
      [...el().querySelectorAll('.facts dt')].map((dt) => [text(dt), text(dt.nextElementSibling)]),
    );
    expect(facts['Error']).toBe('broker timeout');
    expect(facts['Requested by']).toBe('ops@example.com: retry');
    expect(facts['Trigger']).toBe('cron, attempt 1');
    expect(rows(el(), 'run-order-row')).toEqual([
      ['SPY', 'buy', '1000.00', '—', 'filled', '1.5 @ 666.66', ''],
      [
        'TLT',
        'buy',
        '1000.00',
        '—',
        'rejected',
        '—',
        'Rejected: insufficient buying power | clipped by RISK_MAX_ORDER_NOTIONAL: 5000 to 1000',
      ],
    ]);
    // Planned versus filled: slippage where the plan had a price, "none" where it did not.
    expect(rows(el(), 'slippage-row')).toEqual([
      ['SPY', 'buy', 'filled', '$1,000.00', '$666.00', '$666.66', '$999.99', '+$0.99 (+9.90 bp)'],
      ['TLT', 'buy', 'rejected', '$1,000.00', 'none', '—', '—', '—'],
    ]);
    expect(text(el().querySelector('[data-testid=slippage-totals]'))).toContain(
      'Slippage over 1 order(s) with a planning price: +$0.99 (+9.90 bp)',
    );
  });

  it('says when the run does not exist', async () => {
    api.detail.fail(
      new HttpErrorResponse({ status: 404, error: { message: 'run abc not found' } }),
    );
    await fixture.whenStable();
    expect(text(el().querySelector('[role=alert]'))).toBe(
      'Could not load the run: run abc not found',
    );
  });
});
