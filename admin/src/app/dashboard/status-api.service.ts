import { httpResource } from '@angular/common/http';
import { DestroyRef, DOCUMENT, inject, Injectable } from '@angular/core';
import type { Status } from '../api/api-types';
import type { HealthReport } from '../health/health-api.service';
import { RUNTIME_CONFIG } from '../config/runtime-config';
import type { ReadResource } from '../shared/read-resource';

export const STATUS_REFRESH_MS = 5_000;
/**
 * The broker probe costs a request against Alpaca's 200/minute (shared with trading; the API
 * reuses a probe for 5 s), so it is polled less often than /api/status, whose clock is cached.
 */
export const BROKER_REFRESH_MS = 15_000;

/**
 * GET /api/status and /health/broker, refreshed while the tab is visible. Provided by the
 * dashboard, so polling stops when the operator leaves it.
 */
@Injectable()
export class StatusApiService {
  private readonly base = inject(RUNTIME_CONFIG).apiBaseUrl;

  readonly status: ReadResource<Status> = httpResource<Status>(() => ({
    url: `${this.base}/api/status`,
    timeout: 5_000,
  }));

  /** Terminus report; a 503 carries the report too (read from the error). */
  readonly broker: ReadResource<HealthReport> = httpResource<HealthReport>(() => ({
    url: `${this.base}/health/broker`,
    timeout: 5_000,
  }));

  constructor() {
    const doc = inject(DOCUMENT);
    const visible = () => doc.visibilityState !== 'hidden';
    const statusTimer = setInterval(() => {
      if (visible()) this.status.reload();
    }, STATUS_REFRESH_MS);
    const brokerTimer = setInterval(() => {
      if (visible()) this.broker.reload();
    }, BROKER_REFRESH_MS);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(statusTimer);
      clearInterval(brokerTimer);
    });
  }

  refresh(): void {
    this.status.reload();
    this.broker.reload();
  }
}
