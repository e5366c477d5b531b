import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRuntimeConfig } from '../config/runtime-config';
import {
  HealthApiService,
  type HealthReport,
  READINESS_REFRESH_MS,
  READINESS_TIMEOUT_MS,
  readinessFromError,
} from './health-api.service';

const URL = 'http://api.test/health/ready';
const START = new Date('2026-11-23T14:30:00Z');
const up: HealthReport = {
  status: 'ok',
  info: { database: { status: 'up' } },
  error: {},
  details: { database: { status: 'up' } },
};
const databaseDown: HealthReport = {
  status: 'error',
  info: {},
  error: { database: { status: 'down', message: 'timeout' } },
  details: { database: { status: 'down', message: 'timeout' } },
};

describe('HealthApiService', () => {
  let http: HttpTestingController;
  let service: HealthApiService;
  let visibility: DocumentVisibilityState;

  /** Lets the resource start its request (effects run on a tick). */
  const tick = () => TestBed.inject(ApplicationRef).tick();
  const settle = () => TestBed.inject(ApplicationRef).whenStable();

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: START });
    visibility = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRuntimeConfig({ apiBaseUrl: 'http://api.test' }),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(HealthApiService);
    tick();
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('is checking until the first answer', () => {
    expect(service.readiness()).toEqual({ state: 'checking' });
    expect(service.refreshing()).toBe(true);
    http.expectOne(URL);
  });

  it('reads /health/ready from the configured API, with a timeout and bypassing the cache', async () => {
    const request = http.expectOne(URL);
    expect(request.request.method).toBe('GET');
    expect(request.request.timeout).toBe(READINESS_TIMEOUT_MS);
    expect(request.request.cache).toBe('no-store');

    request.flush(up);
    await settle();

    expect(service.readiness()).toEqual({ state: 'ready', report: up, checkedAt: START });
    expect(service.refreshing()).toBe(false);
  });

  it('turns a 503 terminus report into not-ready, keeping which checks are down', async () => {
    http.expectOne(URL).flush(databaseDown, { status: 503, statusText: 'Service Unavailable' });
    await settle();

    expect(service.readiness()).toEqual({
      state: 'not-ready',
      report: databaseDown,
      checkedAt: expect.any(Date),
    });
  });

  it('reports a network failure as unreachable', async () => {
    http.expectOne(URL).error(new ProgressEvent('error'), { status: 0 });
    await settle();

    expect(service.readiness()).toEqual({
      state: 'unreachable',
      reason: 'no connection (network error, DNS, or the API refused this origin)',
      checkedAt: expect.any(Date),
    });
  });

  it('reports a proxy error page as unreachable with its status', async () => {
    http.expectOne(URL).flush('Application failed to respond', {
      status: 502,
      statusText: 'Bad Gateway',
    });
    await settle();

    expect(service.readiness()).toMatchObject({
      state: 'unreachable',
      reason: 'the API answered HTTP 502',
    });
  });

  it(`checks again every ${READINESS_REFRESH_MS / 1000} s, keeping the last answer while it waits`, async () => {
    http.expectOne(URL).flush(up);
    await settle();

    vi.advanceTimersByTime(READINESS_REFRESH_MS - 1);
    tick();
    http.expectNone(URL);

    vi.advanceTimersByTime(1);
    tick();
    const second = http.expectOne(URL);
    expect(service.refreshing()).toBe(true);
    expect(service.readiness().state).toBe('ready');

    second.flush(databaseDown, { status: 503, statusText: 'Service Unavailable' });
    await settle();
    expect(service.readiness()).toMatchObject({
      state: 'not-ready',
      checkedAt: new Date(START.getTime() + READINESS_REFRESH_MS),
    });

    vi.advanceTimersByTime(READINESS_REFRESH_MS);
    tick();
    expect(service.readiness().state).toBe('not-ready');
    http.expectOne(URL).error(new ProgressEvent('error'), { status: 0 });
    await settle();
    expect(service.readiness().state).toBe('unreachable');
  });

  it('does not poll a hidden tab, and checks at once when it is shown again', async () => {
    http.expectOne(URL).flush(up);
    await settle();

    visibility = 'hidden';
    vi.advanceTimersByTime(3 * READINESS_REFRESH_MS);
    tick();
    http.expectNone(URL);

    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    tick();
    http.expectOne(URL).flush(up);
    await settle();
  });

  it('checks on demand without duplicating a check in flight', async () => {
    http.expectOne(URL).flush(up);
    await settle();

    service.refresh();
    service.refresh();
    tick();
    http.expectOne(URL).flush(up);
    await settle();
  });

  it('stops polling when the application is destroyed', async () => {
    http.expectOne(URL).flush(up);
    await settle();

    TestBed.resetTestingModule();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('readinessFromError', () => {
  const at = new Date('2026-11-23T14:30:00Z');

  it('says when the API did not answer in time', () => {
    const timeout = new HttpErrorResponse({
      error: new DOMException('signal timed out', 'TimeoutError'),
      status: 0,
    });
    expect(readinessFromError(timeout, at)).toEqual({
      state: 'unreachable',
      reason: `no answer within ${READINESS_TIMEOUT_MS / 1000} s`,
      checkedAt: at,
    });
  });

  it('says when a 200 answer was not JSON', () => {
    const unparsable = new HttpErrorResponse({ error: new SyntaxError('x'), status: 200 });
    expect(readinessFromError(unparsable, at)).toMatchObject({
      reason: 'the API answered, but not with JSON',
    });
  });

  it('treats a non-terminus 503 body as unreachable', () => {
    const edge = new HttpErrorResponse({ error: 'upstream down', status: 503 });
    expect(readinessFromError(edge, at)).toMatchObject({
      state: 'unreachable',
      reason: 'the API answered HTTP 503',
    });
  });
});
