import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { ChangePasswordRequest, LoginRequest, LoginResponse, User } from '../api/api-types';
import { RUNTIME_CONFIG } from '../config/runtime-config';

export interface Session {
  accessToken: string;
  expiresAt: string;
  user: User;
}

/** Why the operator is on the login page without having signed out. */
export type SignedOutReason = 'expired' | null;

/** A failed sign-in, with the sentence to show. */
export class LoginError extends Error {
  override name = 'LoginError';
  constructor(
    message: string,
    readonly kind: 'credentials' | 'throttled' | 'unreachable' | 'invalid' | 'server',
  ) {
    super(message);
  }
}

/**
 * The token lives in sessionStorage: it survives a reload (operators reload in a hurry) but not the
 * tab, is never shared with other tabs or written to disk for later sessions, and is dropped when it
 * expires. Memory alone would sign the operator out on every reload. Script injection, the one way
 * to read it, is what the CSP (script-src 'self', Trusted Types) closes.
 */
export const SESSION_STORAGE_KEY = 'openbell.session';

export function readStoredSession(storage: Storage, now = Date.now()): Session | null {
  try {
    const raw = storage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Partial<Session>;
    if (
      typeof session.accessToken !== 'string' ||
      typeof session.expiresAt !== 'string' ||
      !session.user ||
      !(Date.parse(session.expiresAt) > now)
    ) {
      storage.removeItem(SESSION_STORAGE_KEY);
      return null;
    }
    return session as Session;
  } catch {
    return null;
  }
}

@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly storage = sessionStorage;
  readonly loginUrl = `${inject(RUNTIME_CONFIG).apiBaseUrl}/api/auth/login`;
  readonly passwordUrl = this.loginUrl.replace(/\/api\/auth\/login$/, '/api/me/password');

  private readonly current = signal<Session | null>(readStoredSession(this.storage));
  private readonly signedOut = signal<SignedOutReason>(null);
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  readonly session = this.current.asReadonly();
  readonly user = computed(() => this.current()?.user ?? null);
  readonly token = computed(() => this.current()?.accessToken ?? null);
  readonly isOperator = computed(() => this.user()?.role === 'operator');
  /** Set when the session ended by itself, so the login page can say so. */
  readonly signedOutReason = this.signedOut.asReadonly();

  constructor() {
    this.scheduleExpiry();
    inject(DestroyRef).onDestroy(() => clearTimeout(this.expiryTimer));
  }

  async login(email: string, password: string): Promise<User> {
    const body: LoginRequest = { email, password };
    let response: LoginResponse;
    try {
      response = await firstValueFrom(this.http.post<LoginResponse>(this.loginUrl, body));
    } catch (error) {
      throw loginErrorFrom(error);
    }
    this.current.set(response);
    this.signedOut.set(null);
    this.storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(response));
    this.scheduleExpiry();
    return response.user;
  }

  /**
   * Changes the signed-in account's password. The API revokes every earlier token of the account
   * and answers a fresh session, which replaces this one (so this tab stays signed in).
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const body: ChangePasswordRequest = { currentPassword, newPassword };
    const response = await firstValueFrom(this.http.post<LoginResponse>(this.passwordUrl, body));
    this.current.set(response);
    this.storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(response));
    this.scheduleExpiry();
  }

  logout(): void {
    this.clear();
    void this.router.navigate(['/login']);
  }

  /**
   * The API refused the token, or its lifetime ran out: back to the login page, which returns to
   * the page the operator was on.
   */
  expire(): void {
    if (!this.current()) return;
    const returnUrl = this.router.url;
    this.clear();
    this.signedOut.set('expired');
    void this.router.navigate(['/login'], {
      queryParams:
        returnUrl && returnUrl !== '/' && !returnUrl.startsWith('/login') ? { returnUrl } : {},
    });
  }

  private clear(): void {
    clearTimeout(this.expiryTimer);
    this.current.set(null);
    this.storage.removeItem(SESSION_STORAGE_KEY);
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    const session = this.current();
    if (!session) return;
    // setTimeout's limit is ~24.8 days; tokens live hours.
    const ms = Math.min(Date.parse(session.expiresAt) - Date.now(), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => this.expire(), Math.max(ms, 0));
  }
}

export function loginErrorFrom(error: unknown): LoginError {
  if (!(error instanceof HttpErrorResponse)) {
    return new LoginError(error instanceof Error ? error.message : String(error), 'server');
  }
  if (error.status === 0) {
    return new LoginError(
      'Cannot reach the API. Check your connection; if it persists, the API may be down.',
      'unreachable',
    );
  }
  if (error.status === 401) return new LoginError('Wrong email or password.', 'credentials');
  if (error.status === 429) {
    const seconds = Number(error.headers.get('Retry-After'));
    return new LoginError(
      Number.isFinite(seconds) && seconds > 0
        ? `Too many sign-in attempts. Try again in ${formatWait(seconds)}.`
        : 'Too many sign-in attempts. Wait a few minutes, then try again.',
      'throttled',
    );
  }
  if (error.status === 400) {
    const raw = (error.error as { message?: unknown } | null)?.message;
    const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : '';
    return new LoginError(message ? `Check the form: ${message}.` : 'Check the form.', 'invalid');
  }
  return new LoginError(
    `The API could not sign you in (HTTP ${error.status}). Try again shortly.`,
    'server',
  );
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  return `${Math.ceil(seconds / 60)} min`;
}
