import { httpResource } from '@angular/common/http';
import { DestroyRef, DOCUMENT, inject, Injectable, type Signal } from '@angular/core';
import type { HistoryPeriod, Portfolio, PortfolioHistory } from '../api/api-types';
import { RUNTIME_CONFIG } from '../config/runtime-config';
import type { ReadResource } from '../shared/read-resource';

/** The API shares one set of broker reads per few seconds; the page asks a little less often. */
export const PORTFOLIO_REFRESH_MS = 15_000;

/**
 * GET /api/portfolio and /api/portfolio/history, refreshed while the tab is visible. Provided by
 * the page (and the dashboard card), so polling stops when the operator leaves.
 */
@Injectable()
export class PortfolioApiService {
  private readonly base = inject(RUNTIME_CONFIG).apiBaseUrl;
  private readonly readers: ReadResource<unknown>[] = [];

  readonly portfolio: ReadResource<Portfolio> = this.polled(
    httpResource<Portfolio>(() => ({ url: `${this.base}/api/portfolio`, timeout: 10_000 })),
  );

  /** Call from an injection context (a component's field). */
  history(period: Signal<HistoryPeriod>): ReadResource<PortfolioHistory> {
    return this.polled(
      httpResource<PortfolioHistory>(() => ({
        url: `${this.base}/api/portfolio/history`,
        params: { period: period() },
        timeout: 10_000,
      })),
    );
  }

  constructor() {
    const doc = inject(DOCUMENT);
    const timer = setInterval(() => {
      if (doc.visibilityState !== 'hidden') this.refresh();
    }, PORTFOLIO_REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  refresh(): void {
    for (const reader of this.readers) reader.reload();
  }

  private polled<T>(resource: ReadResource<T>): ReadResource<T> {
    this.readers.push(resource);
    return resource;
  }
}
