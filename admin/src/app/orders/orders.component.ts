import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import type { OrdersQuery, OrderStatus } from '../api/api-types';
import { describeApiError } from '../shared/api-error';
import { CursorPager } from '../shared/cursor-pager';
import { PagerComponent } from '../shared/pager.component';
import { LocalTimePipe } from '../shared/time';
import { OrdersApiService } from './orders-api.service';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'planned',
  'simulated',
  'dropped',
  'submitting',
  'submitted',
  'partially_filled',
  'filled',
  'canceled',
  'rejected',
  'expired',
  'unknown',
];

export interface OrderFilters {
  status: OrderStatus | '';
  symbol: string;
  /** yyyy-mm-dd, local dates, both inclusive */
  from: string;
  to: string;
}

export const PAGE_SIZE = 50;

/** Local calendar dates → the API's instants: [from 00:00 local, day after `to` 00:00 local). */
export function toQuery(filters: OrderFilters, cursor: string | undefined): OrdersQuery {
  const localMidnight = (date: string, addDays = 0) => {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(y, m - 1, d + addDays).toISOString();
  };
  return {
    limit: PAGE_SIZE,
    cursor,
    status: filters.status || undefined,
    symbol: filters.symbol.trim().toUpperCase() || undefined,
    from: filters.from ? localMidnight(filters.from) : undefined,
    to: filters.to ? localMidnight(filters.to, 1) : undefined,
  };
}

const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;

@Component({
  selector: 'ob-orders',
  imports: [
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    LocalTimePipe,
    PagerComponent,
  ],
  templateUrl: './orders.component.html',
  styleUrl: './orders.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrdersComponent {
  protected readonly statuses = ORDER_STATUSES;
  protected readonly pager = new CursorPager();
  /** What the form shows; applied on submit. */
  protected readonly draft = signal<OrderFilters>({ status: '', symbol: '', from: '', to: '' });
  private readonly applied = signal<OrderFilters>(this.draft());
  protected readonly symbolInvalid = computed(() => {
    const symbol = this.draft().symbol.trim().toUpperCase();
    return symbol !== '' && !SYMBOL.test(symbol);
  });
  protected readonly rangeInvalid = computed(() => {
    const { from, to } = this.draft();
    return from !== '' && to !== '' && from > to;
  });

  private readonly query = computed(() => toQuery(this.applied(), this.pager.cursor()));
  protected readonly page = inject(OrdersApiService).list(this.query);
  protected readonly error = computed(() => {
    const error = this.page.error();
    return error ? describeApiError(error) : null;
  });

  protected set<K extends keyof OrderFilters>(key: K, value: OrderFilters[K]): void {
    this.draft.update((filters) => ({ ...filters, [key]: value }));
  }

  protected apply(): void {
    if (this.symbolInvalid() || this.rangeInvalid()) return;
    this.pager.reset();
    this.applied.set(this.draft());
  }

  protected clear(): void {
    this.draft.set({ status: '', symbol: '', from: '', to: '' });
    this.apply();
  }
}
