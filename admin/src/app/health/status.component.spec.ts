import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { HealthApiService, type Readiness } from './health-api.service';
import { StatusComponent } from './status.component';

class FakeHealthApi {
  readonly readiness = signal<Readiness>({ state: 'loading' });
  refreshed = 0;
  refresh() {
    this.refreshed++;
  }
}

describe('StatusComponent', () => {
  let fake: FakeHealthApi;

  beforeEach(() => {
    fake = new FakeHealthApi();
    TestBed.configureTestingModule({
      imports: [StatusComponent],
      providers: [{ provide: HealthApiService, useValue: fake }],
    });
  });

  function render() {
    const fixture = TestBed.createComponent(StatusComponent);
    fixture.detectChanges();
    return fixture;
  }

  const text = (fixture: ReturnType<typeof render>, selector: string) =>
    (fixture.nativeElement as HTMLElement).querySelector(selector)?.textContent?.trim();

  it('shows Ready with every check when the API is ready', () => {
    fake.readiness.set({
      state: 'ready',
      report: {
        status: 'ok',
        details: { database: { status: 'up' }, scheduler: { status: 'up' } },
      },
    });
    const fixture = render();
    expect(text(fixture, '[data-testid=readiness]')).toBe('Ready');
    const items = [...(fixture.nativeElement as HTMLElement).querySelectorAll('li')].map((li) =>
      li.textContent?.trim(),
    );
    expect(items).toEqual(['database: up', 'scheduler: up']);
  });

  it('shows which checks are down when not ready', async () => {
    const fixture = render();
    fake.readiness.set({
      state: 'not-ready',
      report: {
        status: 'error',
        details: {
          database: { status: 'down', message: 'timeout of 1000ms exceeded' },
          process: { status: 'up' },
        },
      },
    });
    await fixture.whenStable();
    expect(text(fixture, '[data-testid=readiness]')).toBe('Not ready');
    const down = (fixture.nativeElement as HTMLElement).querySelector('li.down');
    expect(down?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'database: down — timeout of 1000ms exceeded',
    );
  });

  it('says the API is unreachable, as an alert', async () => {
    const fixture = render();
    fake.readiness.set({ state: 'unreachable', message: 'API unreachable' });
    await fixture.whenStable();
    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role=alert]');
    expect(alert?.textContent?.trim()).toBe('API unreachable');
  });

  it('refreshes on demand', () => {
    const fixture = render();
    (fixture.nativeElement as HTMLElement).querySelector('button')!.click();
    expect(fake.refreshed).toBe(1);
  });
});
