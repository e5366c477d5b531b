import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { RUNTIME_CONFIG } from '../config/runtime-config';
import { SessionService } from './session.service';

/**
 * Sends the session's token to the API (and nowhere else: not to /health, config.json or another
 * origin). A 401 on a call that carried a token means the session is over: back to login.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const session = inject(SessionService);
  const apiPrefix = `${inject(RUNTIME_CONFIG).apiBaseUrl}/api/`;
  const token = session.token();
  if (!token || !request.url.startsWith(apiPrefix) || request.url === session.loginUrl) {
    return next(request);
  }
  return next(request.clone({ setHeaders: { Authorization: `Bearer ${token}` } })).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401) session.expire();
      return throwError(() => error);
    }),
  );
};
