import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { HealthApiService, type HealthReport, type Readiness } from './health-api.service';
import { StatusComponent } from './status.component';

class FakeHealthApi implements Pick<
  HealthApiService,
  'readiness' | 'refreshing' | 'readinessUrl' | 'refresh'
> {
  readonly readinessUrl = 'https://api.example.com/health/ready';
  readonly readiness = signal<Readiness>({ state: 'checking' });
  readonly refreshing = signal(false);
  refreshes = 0;
  refresh(): void {
    this.refreshes++;
  }
}

const checkedAt = new Date(2026, 10, 23, 9, 30, 5); // local time, as the page shows it

const ready: HealthReport = {
  status: 'ok',
  details: {
    database: { status: 'up' },
    migrations: { status: 'up' },
    scheduler: { status: 'up' },
  },
};
const notReady: HealthReport = {
  status: 'error',
  details: {
    database: { status: 'down', message: 'timeout of 1000ms exceeded' },
    migrations: { status: 'down', message: '1 pending: AddOrders1764000000000' },
    scheduler: { status: 'up' },
  },
};

describe('StatusComponent', () => {
  let fake: FakeHealthApi;
  let fixture: ComponentFixture<StatusComponent>;

  beforeEach(async () => {
    fake = new FakeHealthApi();
    TestBed.configureTestingModule({
      imports: [StatusComponent],
      providers: [{ provide: HealthApiService, useValue: fake }],
    });
    fixture = TestBed.createComponent(StatusComponent);
    await fixture.whenStable();
  });

  const page = () => fixture.nativeElement as HTMLElement;
  const text = (selector: string) =>
    page().querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();
  const checkItems = () =>
    [...page().querySelectorAll('ul[aria-label=Checks] li')].map((li) => ({
      text: li.textContent?.replace(/\s+/g, ' ').trim(),
      down: li.classList.contains('down'),
    }));
  const show = async (readiness: Readiness) => {
    fake.readiness.set(readiness);
    await fixture.whenStable();
  };

  it('says it is checking before the first answer, naming the URL it checks', () => {
    expect(text('[data-testid=readiness]')).toBe('Checking…');
    expect(text('mat-card-subtitle')).toBe(
      'https://api.example.com/health/ready, checked every 10 s',
    );
    expect(page().querySelector('.checked-at')).toBeNull();
    expect(checkItems()).toEqual([]);
  });

  it('shows Ready with every check when the API is ready', async () => {
    await show({ state: 'ready', report: ready, checkedAt });

    expect(text('[data-testid=readiness]')).toBe('Ready');
    expect(page().querySelector('[role=alert]')).toBeNull();
    expect(checkItems()).toEqual([
      { text: 'database: up', down: false },
      { text: 'migrations: up', down: false },
      { text: 'scheduler: up', down: false },
    ]);
    expect(text('.checked-at')).toBe('Last checked 09:30:05 (local time)');
    expect(page().querySelector('.checked-at time')?.getAttribute('datetime')).toBe(
      checkedAt.toISOString(),
    );
  });

  it('shows which checks are down, and why, when the API is not ready', async () => {
    await show({ state: 'not-ready', report: notReady, checkedAt });

    expect(text('[data-testid=readiness]')).toBe('Not ready');
    expect(text('[data-testid=down-checks]')).toBe('Down: database, migrations');
    expect(checkItems()).toEqual([
      { text: 'database: down — timeout of 1000ms exceeded', down: true },
      { text: 'migrations: down — 1 pending: AddOrders1764000000000', down: true },
      { text: 'scheduler: up', down: false },
    ]);
  });

  it('says the API is unreachable, as an alert with the reason, and lists no stale checks', async () => {
    await show({ state: 'ready', report: ready, checkedAt });
    await show({ state: 'unreachable', reason: 'no answer within 5 s', checkedAt });

    const alert = page().querySelector('[role=alert]');
    expect(alert?.querySelector('[data-testid=readiness]')?.textContent?.trim()).toBe(
      'API unreachable',
    );
    expect(text('[data-testid=unreachable-reason]')).toBe('no answer within 5 s');
    expect(checkItems()).toEqual([]);
    expect(text('.checked-at')).toBe('Last checked 09:30:05 (local time)');
  });

  it('comes back to Ready when the API recovers', async () => {
    await show({ state: 'unreachable', reason: 'no connection', checkedAt });
    await show({ state: 'ready', report: ready, checkedAt });

    expect(page().querySelector('[role=alert]')).toBeNull();
    expect(text('[data-testid=readiness]')).toBe('Ready');
  });

  it('checks on demand, and not twice at once', async () => {
    const button = page().querySelector<HTMLButtonElement>('mat-card-actions button')!;
    expect(button.textContent?.trim()).toBe('Check now');
    button.click();
    expect(fake.refreshes).toBe(1);

    fake.refreshing.set(true);
    await fixture.whenStable();
    expect(button.disabled).toBe(true);
    expect(button.textContent?.trim()).toBe('Checking…');
  });
});
