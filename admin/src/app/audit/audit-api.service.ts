import { httpResource } from '@angular/common/http';
import { inject, Injectable, type Signal } from '@angular/core';
import type { AuditPage, AuditQuery } from '../api/api-types';
import { RUNTIME_CONFIG } from '../config/runtime-config';
import { compact } from '../orders/orders-api.service';
import type { ReadResource } from '../shared/read-resource';

/** GET /api/audit: who changed what, when and why. */
@Injectable({ providedIn: 'root' })
export class AuditApiService {
  private readonly url = `${inject(RUNTIME_CONFIG).apiBaseUrl}/api/audit`;

  /** Call from an injection context. */
  list(query: Signal<AuditQuery>): ReadResource<AuditPage> {
    return httpResource<AuditPage>(() => ({ url: this.url, params: compact(query()) }));
  }
}
