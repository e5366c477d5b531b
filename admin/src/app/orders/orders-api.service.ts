import { HttpClient, httpResource } from '@angular/common/http';
import { inject, Injectable, type Signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { CancelAllResult, Order, OrdersQuery, Page } from '../api/api-types';
import { RUNTIME_CONFIG } from '../config/runtime-config';
import type { ReadResource } from '../shared/read-resource';

/** /api/orders: the filtered list and the emergency cancel-all. */
@Injectable({ providedIn: 'root' })
export class OrdersApiService {
  private readonly http = inject(HttpClient);
  private readonly url = `${inject(RUNTIME_CONFIG).apiBaseUrl}/api/orders`;

  /** Call from an injection context. Empty filters are left out of the query. */
  list(query: Signal<OrdersQuery>): ReadResource<Page<Order>> {
    return httpResource<Page<Order>>(() => ({ url: this.url, params: compact(query()) }));
  }

  cancelAll(reason: string): Promise<CancelAllResult> {
    return firstValueFrom(this.http.post<CancelAllResult>(`${this.url}/cancel-all`, { reason }));
  }
}

export function compact(query: object): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(query).filter(
      (entry): entry is [string, string | number] =>
        entry[1] !== undefined && entry[1] !== null && entry[1] !== '',
    ),
  );
}
