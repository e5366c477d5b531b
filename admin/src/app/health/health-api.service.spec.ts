import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RUNTIME_CONFIG } from '../config/runtime-config';
import { HealthApiService } from './health-api.service';

describe('HealthApiService', () => {
  let http: HttpTestingController;
  let service: HealthApiService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: { apiBaseUrl: 'http://api.test' } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(HealthApiService);
    TestBed.inject(ApplicationRef).tick();
  });

  it('reads /health/ready from the configured API origin', async () => {
    http
      .expectOne('http://api.test/health/ready')
      .flush({ status: 'ok', details: { database: { status: 'up' } } });
    await TestBed.inject(ApplicationRef).whenStable();
    expect(service.readiness()).toEqual({
      state: 'ready',
      report: { status: 'ok', details: { database: { status: 'up' } } },
    });
  });

  it('turns a 503 terminus report into not-ready with its details', async () => {
    const report = { status: 'error', details: { database: { status: 'down', message: 'x' } } };
    http
      .expectOne('http://api.test/health/ready')
      .flush(report, { status: 503, statusText: 'Service Unavailable' });
    await TestBed.inject(ApplicationRef).whenStable();
    expect(service.readiness()).toEqual({ state: 'not-ready', report });
  });

  it('reports a network failure as unreachable', async () => {
    http.expectOne('http://api.test/health/ready').error(new ProgressEvent('error'), { status: 0 });
    await TestBed.inject(ApplicationRef).whenStable();
    expect(service.readiness()).toEqual({ state: 'unreachable', message: 'API unreachable' });
  });
});
