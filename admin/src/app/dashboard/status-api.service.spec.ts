import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRuntimeConfig } from '../config/runtime-config';
import { STATUS_REFRESH_MS, StatusApiService } from './status-api.service';

describe('StatusApiService', () => {
  afterEach(() => vi.useRealTimers());

  it('polls /api/status every 5 s and the broker every 15 s, and stops when destroyed', async () => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRuntimeConfig({ apiBaseUrl: 'http://api.test' }),
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const injector = Injector.create({
      providers: [StatusApiService],
      parent: TestBed.inject(Injector),
    });
    injector.get(StatusApiService);
    const count = (url: string) => http.match(url).map((req) => req.flush({})).length;

    TestBed.tick();
    expect(count('http://api.test/api/status')).toBe(1);
    expect(count('http://api.test/health/broker')).toBe(1);

    // Each answer is flushed before the next poll (a poll never duplicates one in flight).
    const step = async () => {
      await vi.advanceTimersByTimeAsync(STATUS_REFRESH_MS);
      TestBed.tick();
      return [count('http://api.test/api/status'), count('http://api.test/health/broker')];
    };
    expect(await step()).toEqual([1, 0]);
    expect(await step()).toEqual([1, 0]);
    expect(await step()).toEqual([1, 1]); // 15 s

    (injector as unknown as { destroy(): void }).destroy();
    expect(await step()).toEqual([0, 0]);
    expect(await step()).toEqual([0, 0]);
    expect(await step()).toEqual([0, 0]);
  });
});
