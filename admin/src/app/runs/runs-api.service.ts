import { HttpClient, httpResource } from '@angular/common/http';
import { inject, Injectable, type Signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  ManualRunRequest,
  Page,
  PlanPreview,
  Run,
  RunDetail,
  RunOutcome,
} from '../api/api-types';
import { RUNTIME_CONFIG } from '../config/runtime-config';
import type { ReadResource } from '../shared/read-resource';

export const PAGE_SIZE = 25;

/** /api/runs: the ledger, one run with its orders, manual runs and today's preview. */
@Injectable({ providedIn: 'root' })
export class RunsApiService {
  private readonly http = inject(HttpClient);
  private readonly url = `${inject(RUNTIME_CONFIG).apiBaseUrl}/api/runs`;

  /** Call from an injection context (a component's field). */
  list(cursor: Signal<string | undefined>): ReadResource<Page<Run>> {
    return httpResource<Page<Run>>(() => ({
      url: this.url,
      params: { limit: PAGE_SIZE, ...(cursor() ? { cursor: cursor()! } : {}) },
    }));
  }

  /** Call from an injection context; undefined id reads nothing. */
  get(id: Signal<string | undefined>): ReadResource<RunDetail> {
    return httpResource<RunDetail>(() =>
      id() ? `${this.url}/${encodeURIComponent(id()!)}` : undefined,
    );
  }

  start(request: ManualRunRequest): Promise<RunOutcome> {
    return firstValueFrom(this.http.post<RunOutcome>(this.url, request));
  }

  preview(): Promise<PlanPreview> {
    return firstValueFrom(this.http.post<PlanPreview>(`${this.url}/preview`, {}));
  }
}
