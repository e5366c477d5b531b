import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { SessionService } from './session.service';

/** Pages behind sign-in; the login page brings the operator back here afterwards. */
export const signedInGuard: CanActivateFn = (_route, state) =>
  inject(SessionService).user()
    ? true
    : inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });

/** Only a path inside the admin: never another origin (`//evil.example`, `https:`). */
export function safeReturnUrl(value: string | null | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : '/dashboard';
}
