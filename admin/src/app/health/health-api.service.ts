import { HttpErrorResponse, httpResource } from '@angular/common/http';
import {
  computed,
  DestroyRef,
  DOCUMENT,
  effect,
  inject,
  Injectable,
  type Signal,
  signal,
} from '@angular/core';
import { RUNTIME_CONFIG } from '../config/runtime-config';

/**
 * Terminus' health check result, as the backend's /health/* endpoints send it (200 when every
 * check is up, 503 otherwise). `details` holds every check; `error` only the failing ones.
 */
export interface HealthReport {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, HealthCheck>;
  error?: Record<string, HealthCheck>;
  details: Record<string, HealthCheck>;
}

export interface HealthCheck {
  status: 'up' | 'down' | (string & {});
  message?: string;
  [detail: string]: unknown;
}

/** What the operator needs to know about the API, derived from the last answer to /health/ready. */
export type Readiness =
  | { state: 'checking' }
  | { state: 'ready'; report: HealthReport; checkedAt: Date }
  | { state: 'not-ready'; report: HealthReport; checkedAt: Date }
  | { state: 'unreachable'; reason: string; checkedAt: Date };

export const READINESS_REFRESH_MS = 10_000;
/** Below the refresh period, so a hung connection turns into "unreachable" before the next poll. */
export const READINESS_TIMEOUT_MS = 5_000;

/** Owns the backend's health URLs and keeps the API's readiness fresh. */
@Injectable({ providedIn: 'root' })
export class HealthApiService {
  readonly readinessUrl = `${inject(RUNTIME_CONFIG).apiBaseUrl}/health/ready`;

  private readonly ready = httpResource<HealthReport>(() => ({
    url: this.readinessUrl,
    timeout: READINESS_TIMEOUT_MS,
    cache: 'no-store',
  }));

  private readonly lastAnswer = signal<Readiness>({ state: 'checking' });

  /**
   * Readiness as of the last completed check. While a refresh is in flight the previous answer
   * stays, so a page polling a down API does not flicker back to "checking".
   */
  readonly readiness: Signal<Readiness> = this.lastAnswer.asReadonly();

  /** True while a check is in flight. */
  readonly refreshing = computed(() => this.ready.isLoading());

  constructor() {
    // Recorded when each check completes rather than derived lazily on read: a reader arriving
    // mid-refresh still gets the last answer, stamped with when it came.
    effect(() => {
      const snapshot = this.ready.snapshot();
      if (snapshot.status === 'error') {
        this.lastAnswer.set(readinessFromError(snapshot.error, new Date()));
      } else if (snapshot.status === 'resolved' || snapshot.status === 'local') {
        this.lastAnswer.set(
          snapshot.value
            ? readinessFromReport(snapshot.value, new Date())
            : readinessFromError(new Error('the API sent an empty answer'), new Date()),
        );
      }
    });

    // Polls for as long as the app runs (the shell and later pages share one readiness), but not
    // while the tab is hidden; coming back to the tab checks at once.
    const doc = inject(DOCUMENT);
    const timer = setInterval(() => {
      if (doc.visibilityState !== 'hidden') this.ready.reload();
    }, READINESS_REFRESH_MS);
    const onVisibilityChange = () => {
      if (doc.visibilityState === 'visible') this.ready.reload();
    };
    doc.addEventListener('visibilitychange', onVisibilityChange);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      doc.removeEventListener('visibilitychange', onVisibilityChange);
    });
  }

  /** Checks now (a check already in flight is not duplicated). */
  refresh(): void {
    this.ready.reload();
  }
}

export function readinessFromReport(report: HealthReport, checkedAt: Date): Readiness {
  return report.status === 'ok'
    ? { state: 'ready', report, checkedAt }
    : { state: 'not-ready', report, checkedAt };
}

/** Terminus answers 503 with its report when a check is down; anything else means no usable answer. */
export function readinessFromError(error: unknown, checkedAt: Date): Readiness {
  if (error instanceof HttpErrorResponse) {
    if (isHealthReport(error.error)) return readinessFromReport(error.error, checkedAt);
    if (error.status === 0) {
      const timedOut = error.error instanceof DOMException && error.error.name === 'TimeoutError';
      return {
        state: 'unreachable',
        reason: timedOut
          ? `no answer within ${READINESS_TIMEOUT_MS / 1000} s`
          : 'no connection (network error, DNS, or the API refused this origin)',
        checkedAt,
      };
    }
    if (error.status >= 200 && error.status < 300) {
      return { state: 'unreachable', reason: 'the API answered, but not with JSON', checkedAt };
    }
    // No statusText: HTTP/2 has none, and Angular fills in "Unknown Error".
    return { state: 'unreachable', reason: `the API answered HTTP ${error.status}`, checkedAt };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { state: 'unreachable', reason: message, checkedAt };
}

function isHealthReport(body: unknown): body is HealthReport {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Partial<HealthReport>).status === 'string' &&
    typeof (body as Partial<HealthReport>).details === 'object' &&
    (body as Partial<HealthReport>).details !== null
  );
}
