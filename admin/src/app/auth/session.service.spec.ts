import {
  HttpErrorResponse,
  HttpHeaders,
  provideHttpClient,
  withInterceptors,
  HttpClient,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { provideRuntimeConfig } from '../config/runtime-config';
import { authInterceptor } from './auth.interceptor';
import { safeReturnUrl } from './auth.guard';
import {
  loginErrorFrom,
  readStoredSession,
  SESSION_STORAGE_KEY,
  SessionService,
} from './session.service';
import { OPERATOR } from '../testing/fakes';
import { Component } from '@angular/core';

@Component({ template: '' })
class BlankPage {}

const API = 'http://api.test';
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('SessionService', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRuntimeConfig({ apiBaseUrl: API }),
        provideRouter([
          { path: 'login', component: BlankPage },
          { path: 'runs/:id', component: BlankPage },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function signIn(expiresAt = inAnHour()) {
    const session = TestBed.inject(SessionService);
    const done = session.login('ops@example.com', 'pw');
    const req = http.expectOne(`${API}/api/auth/login`);
    expect(req.request.body).toEqual({ email: 'ops@example.com', password: 'pw' });
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush({ accessToken: 'tok', expiresAt, user: OPERATOR });
    await done;
    return session;
  }

  it('changes the password with the current token and continues with the fresh one', async () => {
    const session = await signIn();
    const done = session.changePassword('pw', 'Brand-new-secret-9');
    const req = http.expectOne(`${API}/api/me/password`);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ currentPassword: 'pw', newPassword: 'Brand-new-secret-9' });
    expect(req.request.headers.get('Authorization')).toBe('Bearer tok');
    req.flush({ accessToken: 'tok-2', expiresAt: inAnHour(), user: OPERATOR });
    await done;
    expect(session.token()).toBe('tok-2');
    expect(JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY)!).accessToken).toBe('tok-2');
  });

  it('keeps the session in sessionStorage and sends the token to the API only', async () => {
    const session = await signIn();
    expect(session.user()).toEqual(OPERATOR);
    expect(session.isOperator()).toBe(true);
    expect(JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY)!).accessToken).toBe('tok');

    const client = TestBed.inject(HttpClient);
    void firstValueFrom(client.get(`${API}/api/status`));
    void firstValueFrom(client.get(`${API}/health/ready`));
    void firstValueFrom(client.get(`https://elsewhere.example/api/status`));
    expect(http.expectOne(`${API}/api/status`).request.headers.get('Authorization')).toBe(
      'Bearer tok',
    );
    expect(http.expectOne(`${API}/health/ready`).request.headers.has('Authorization')).toBe(false);
    expect(
      http.expectOne('https://elsewhere.example/api/status').request.headers.has('Authorization'),
    ).toBe(false);
  });

  it('on a 401 from the API, ends the session and returns to login with the page it was on', async () => {
    const session = await signIn();
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/runs/abc');

    const call = firstValueFrom(TestBed.inject(HttpClient).get(`${API}/api/runs/abc`));
    http
      .expectOne(`${API}/api/runs/abc`)
      .flush(
        { statusCode: 401, message: 'token expired' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await expect(call).rejects.toBeInstanceOf(HttpErrorResponse);
    await TestBed.inject(Router).navigated;
    await new Promise((resolve) => setTimeout(resolve));

    expect(session.user()).toBeNull();
    expect(session.signedOutReason()).toBe('expired');
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(router.url).toBe('/login?returnUrl=%2Fruns%2Fabc');
  });

  it('logs out by itself when the token lifetime ends', async () => {
    vi.useFakeTimers();
    try {
      const session = await signIn(new Date(Date.now() + 60_000).toISOString());
      vi.advanceTimersByTime(59_000);
      expect(session.user()).not.toBeNull();
      vi.advanceTimersByTime(1_001);
      expect(session.user()).toBeNull();
      expect(session.signedOutReason()).toBe('expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('logout forgets the session', async () => {
    const session = await signIn();
    session.logout();
    expect(session.user()).toBeNull();
    expect(session.signedOutReason()).toBeNull();
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });
});

describe('readStoredSession', () => {
  it('restores an unexpired session and drops an expired or malformed one', () => {
    const good = { accessToken: 't', expiresAt: inAnHour(), user: OPERATOR };
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(good));
    expect(readStoredSession(sessionStorage)).toEqual(good);

    sessionStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({ ...good, expiresAt: new Date(Date.now() - 1).toISOString() }),
    );
    expect(readStoredSession(sessionStorage)).toBeNull();
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();

    sessionStorage.setItem(SESSION_STORAGE_KEY, '{not json');
    expect(readStoredSession(sessionStorage)).toBeNull();
  });
});

describe('loginErrorFrom', () => {
  const error = (status: number, body: unknown = null, headers = new HttpHeaders()) =>
    new HttpErrorResponse({ status, error: body, headers });

  it('tells wrong credentials, throttling, an unreachable API and bad input apart', () => {
    expect(loginErrorFrom(error(401))).toMatchObject({
      kind: 'credentials',
      message: 'Wrong email or password.',
    });
    expect(
      loginErrorFrom(error(429, null, new HttpHeaders({ 'Retry-After': '42' }))),
    ).toMatchObject({
      kind: 'throttled',
      message: 'Too many sign-in attempts. Try again in 42 s.',
    });
    expect(loginErrorFrom(error(429)).message).toBe(
      'Too many sign-in attempts. Wait a few minutes, then try again.',
    );
    expect(loginErrorFrom(error(0)).kind).toBe('unreachable');
    expect(loginErrorFrom(error(0)).message).toContain('Cannot reach the API');
    expect(
      loginErrorFrom(error(400, { message: ['email must be an email address'] })).message,
    ).toBe('Check the form: email must be an email address.');
    expect(loginErrorFrom(error(503)).message).toBe(
      'The API could not sign you in (HTTP 503). Try again shortly.',
    );
  });
});

describe('safeReturnUrl', () => {
  it('only returns to pages of the admin', () => {
    expect(safeReturnUrl('/runs/1?x=2')).toBe('/runs/1?x=2');
    expect(safeReturnUrl('//evil.example')).toBe('/dashboard');
    expect(safeReturnUrl('https://evil.example')).toBe('/dashboard');
    expect(safeReturnUrl('/\\evil.example')).toBe('/dashboard');
    expect(safeReturnUrl(undefined)).toBe('/dashboard');
  });
});
