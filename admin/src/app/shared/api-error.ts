import { HttpErrorResponse } from '@angular/common/http';

/**
 * One sentence an operator can act on, from any failed API call. The API's own message (it names
 * the offending field) is kept; the request id lets support find the request in the API's logs.
 */
export function describeApiError(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) {
    return error instanceof Error ? error.message : String(error);
  }
  if (error.status === 0) {
    return 'Cannot reach the API (network error, or the API refused this origin). Check your connection and the API status.';
  }
  const body = error.error as { message?: unknown; requestId?: unknown } | null;
  const raw = body && typeof body === 'object' ? body.message : undefined;
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : undefined;
  const requestId =
    body && typeof body === 'object' && typeof body.requestId === 'string'
      ? ` (request id ${body.requestId})`
      : '';
  switch (error.status) {
    case 401:
      return 'Your session has ended. Sign in again.';
    case 403:
      return `Not allowed for your role${message ? `: ${message}` : ''}.`;
    case 429:
      return 'Too many requests; wait a moment and try again.';
  }
  if (error.status >= 500) {
    return `The API failed (HTTP ${error.status})${message ? `: ${message}` : ''}${requestId}. Try again; if it persists, check the API's logs.`;
  }
  return `${message ?? `HTTP ${error.status}`}${requestId}`;
}
