import { HttpClient, httpResource } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { PutTargetsRequest, StrategyView, TargetsView } from '../api/api-types';
import { RUNTIME_CONFIG } from '../config/runtime-config';
import type { ReadResource } from '../shared/read-resource';

/** /api/strategy: the configured strategy and its fixed-weights targets. */
@Injectable({ providedIn: 'root' })
export class StrategyApiService {
  private readonly http = inject(HttpClient);
  private readonly url = `${inject(RUNTIME_CONFIG).apiBaseUrl}/api/strategy`;

  /** Call from an injection context. */
  strategy(): ReadResource<StrategyView> {
    return httpResource<StrategyView>(() => this.url);
  }

  saveTargets(request: PutTargetsRequest): Promise<TargetsView> {
    return firstValueFrom(this.http.put<TargetsView>(`${this.url}/targets`, request));
  }
}
