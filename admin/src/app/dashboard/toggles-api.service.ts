import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { PatchTogglesRequest, Toggles } from '../api/api-types';
import { RUNTIME_CONFIG } from '../config/runtime-config';

/** PATCH /api/toggles: the kill switch and the scheduler pause (operator, with a reason). */
@Injectable({ providedIn: 'root' })
export class TogglesApiService {
  private readonly http = inject(HttpClient);
  private readonly url = `${inject(RUNTIME_CONFIG).apiBaseUrl}/api/toggles`;

  /** Read fresh before a confirmation, so the dialog describes the state as it is now. */
  current(): Promise<Toggles> {
    return firstValueFrom(this.http.get<Toggles>(this.url));
  }

  update(patch: PatchTogglesRequest): Promise<Toggles> {
    return firstValueFrom(this.http.patch<Toggles>(this.url, patch));
  }
}
