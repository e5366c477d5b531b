import type { Signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Order, OrdersQuery, Page } from '../api/api-types';
import { FakeResource } from '../testing/fake-resource';
import { makeOrder } from '../testing/factories';
import { text } from '../testing/fakes';
import { compact, OrdersApiService } from './orders-api.service';
import { OrdersComponent, PAGE_SIZE, toQuery } from './orders.component';

class FakeOrdersApi {
  readonly page = new FakeResource<Page<Order>>();
  query!: Signal<OrdersQuery>;
  list(query: Signal<OrdersQuery>) {
    this.query = query;
    return this.page;
  }
}

describe('OrdersComponent', () => {
  let api: FakeOrdersApi;
  let fixture: ComponentFixture<OrdersComponent>;
  const el = () => fixture.nativeElement as HTMLElement;
  const input = (name: string) => el().querySelector<HTMLInputElement>(`input[name=${name}]`)!;
  const type = async (name: string, value: string) => {
    input(name).value = value;
    input(name).dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  const button = (label: string) =>
    [...el().querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === label)!;

  beforeEach(async () => {
    api = new FakeOrdersApi();
    TestBed.configureTestingModule({
      imports: [OrdersComponent],
      providers: [provideRouter([]), { provide: OrdersApiService, useValue: api }],
    });
    fixture = TestBed.createComponent(OrdersComponent);
    await fixture.whenStable();
  });

  it('starts unfiltered and lists orders with status, fills and rejections', async () => {
    expect(compact(api.query())).toEqual({ limit: PAGE_SIZE });
    api.page.resolve({
      items: [
        makeOrder(),
        makeOrder({ id: 'o2', status: 'rejected', filledQty: null, rejectReason: 'halted' }),
        makeOrder({ id: 'o3', status: 'simulated', simulated: true, filledQty: null }),
      ],
      nextCursor: null,
    });
    await fixture.whenStable();
    const rows = [...el().querySelectorAll('[data-testid=order-row]')].map((row) =>
      [...row.querySelectorAll('td')].slice(1).map(text),
    );
    expect(rows).toEqual([
      ['SPY', 'buy', '1000.00', '—', 'filled', '1.5', '', '2026-11-30'],
      ['SPY', 'buy', '1000.00', '—', 'rejected', '—', 'halted', '2026-11-30'],
      ['SPY', 'buy', '1000.00', '—', 'simulated', '—', '', '2026-11-30'],
    ]);
  });

  it('applies symbol and date filters on submit, from the first page', async () => {
    await type('symbol', ' spy ');
    await type('from', '2026-11-02');
    await type('to', '2026-11-03');
    expect(api.query().symbol).toBeUndefined(); // not before Apply
    button('Apply').click();
    await fixture.whenStable();
    expect(api.query()).toEqual({
      limit: PAGE_SIZE,
      cursor: undefined,
      status: undefined,
      symbol: 'SPY',
      from: new Date(2026, 10, 2).toISOString(),
      to: new Date(2026, 10, 4).toISOString(),
    });
  });

  it('refuses a malformed symbol or a reversed range, saying why', async () => {
    await type('symbol', 'spy$');
    expect(text(el().querySelector('mat-hint'))).toBe('A ticker such as SPY or BRK.B');
    expect(button('Apply').disabled).toBe(true);
    await type('symbol', '');
    await type('from', '2026-11-05');
    await type('to', '2026-11-01');
    expect(text(el().querySelector('mat-hint'))).toBe('Must not be before From');
    expect(button('Apply').disabled).toBe(true);
  });

  it('pages with the cursor and goes back to page 1 when the filters change', async () => {
    api.page.resolve({ items: [makeOrder()], nextCursor: 'next' });
    await fixture.whenStable();
    button('Older').click();
    expect(api.query().cursor).toBe('next');
    await type('symbol', 'TLT');
    button('Apply').click();
    expect(api.query().cursor).toBeUndefined();
    expect(api.query().symbol).toBe('TLT');
  });
});

describe('toQuery', () => {
  it('turns local calendar dates into an inclusive range of instants', () => {
    const query = toQuery(
      { status: 'filled', symbol: 'brk.b', from: '2026-03-08', to: '2026-03-08' },
      'c',
    );
    expect(query).toMatchObject({ status: 'filled', symbol: 'BRK.B', cursor: 'c' });
    expect(new Date(query.from!).getDate()).toBe(8);
    expect(new Date(query.to!).getDate()).toBe(9);
    expect(new Date(query.to!).getHours()).toBe(0);
  });
});
