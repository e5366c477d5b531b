import { httpResource } from '@angular/common/http';
import { inject, Injectable, type Signal } from '@angular/core';
import type { Alert, Page } from '../api/api-types';
import { RUNTIME_CONFIG } from '../config/runtime-config';
import { compact } from '../orders/orders-api.service';
import type { ReadResource } from '../shared/read-resource';

/** GET /api/alerts: alerts and how each channel's delivery went. */
@Injectable({ providedIn: 'root' })
export class AlertsApiService {
  private readonly url = `${inject(RUNTIME_CONFIG).apiBaseUrl}/api/alerts`;

  /** Call from an injection context. */
  list(query: Signal<{ limit: number; cursor?: string }>): ReadResource<Page<Alert>> {
    return httpResource<Page<Alert>>(() => ({ url: this.url, params: compact(query()) }));
  }
}
