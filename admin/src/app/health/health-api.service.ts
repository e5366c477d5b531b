import { HttpErrorResponse, httpResource } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable } from '@angular/core';
import { RUNTIME_CONFIG } from '../config/runtime-config';

/** Terminus JSON (backend /health/*): `details` holds every check, up or down. */
export interface HealthReport {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, CheckResult>;
  error?: Record<string, CheckResult>;
  details: Record<string, CheckResult>;
}

export interface CheckResult {
  status: 'up' | 'down' | 'degraded';
  message?: string;
  [key: string]: unknown;
}

export type Readiness =
  | { state: 'loading' }
  | { state: 'ready'; report: HealthReport }
  | { state: 'not-ready'; report: HealthReport }
  | { state: 'unreachable'; message: string };

export const READINESS_REFRESH_MS = 10_000;

/** Owns the backend's health URLs. */
@Injectable({ providedIn: 'root' })
export class HealthApiService {
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly ready = httpResource<HealthReport>(
    () => `${this.config.apiBaseUrl}/health/ready`,
  );

  /** The API's readiness, refreshed every 10 s. A 503 carries the report of what is down. */
  readonly readiness = computed<Readiness>(() => {
    if (this.ready.hasValue()) return { state: 'ready', report: this.ready.value() };
    const error = this.ready.error();
    if (error instanceof HttpErrorResponse) {
      if (
        error.status === 503 &&
        error.error &&
        typeof error.error === 'object' &&
        'details' in error.error
      ) {
        return { state: 'not-ready', report: error.error as HealthReport };
      }
      return {
        state: 'unreachable',
        message: error.status === 0 ? 'API unreachable' : `API answered HTTP ${error.status}`,
      };
    }
    if (error) return { state: 'unreachable', message: 'API unreachable' };
    return { state: 'loading' };
  });

  constructor() {
    const timer = setInterval(() => this.ready.reload(), READINESS_REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  refresh(): void {
    this.ready.reload();
  }
}
