import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AppComponent } from './app.component';
import { routes } from './app.routes';
import { HealthApiService, type Readiness } from './health/health-api.service';

class FakeHealthApi {
  readonly readinessUrl = 'http://api.test/health/ready';
  readonly readiness = signal<Readiness>({ state: 'checking' });
  readonly refreshing = signal(true);
  refresh(): void {}
}

describe('AppComponent (shell)', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [AppComponent],
      providers: [provideRouter(routes), { provide: HealthApiService, useClass: FakeHealthApi }],
    });
  });

  it('renders the toolbar and the main navigation', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;

    expect(el.querySelector('mat-toolbar .brand')?.textContent?.trim()).toBe('Openbell');
    const links = [...el.querySelectorAll('nav[aria-label=Main] a')].map((a) => [
      a.textContent?.trim(),
      a.getAttribute('href'),
    ]);
    expect(links).toEqual([['Status', '/status']]);
    expect(el.querySelector('main router-outlet')).not.toBeNull();
  });

  it('opens on the lazily loaded status page and marks its link current', async () => {
    const harness = await RouterTestingHarness.create();
    const shell = TestBed.createComponent(AppComponent);
    await harness.navigateByUrl('/');
    await shell.whenStable();

    expect(TestBed.inject(Router).url).toBe('/status');
    expect(TestBed.inject(Title).getTitle()).toBe('Status · Openbell');
    const current = (shell.nativeElement as HTMLElement).querySelector('a[aria-current=page]');
    expect(current?.textContent?.trim()).toBe('Status');
  });

  it('sends unknown addresses to the status page', async () => {
    const harness = await RouterTestingHarness.create();
    const page = await harness.navigateByUrl('/no/such/page');

    expect(TestBed.inject(Router).url).toBe('/status');
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent?.trim()).toBe(
      'API readiness',
    );
    expect(page).toBeTruthy();
  });
});
