import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AppComponent } from './app.component';
import { routes } from './app.routes';
import { SessionService } from './auth/session.service';
import { provideRuntimeConfig } from './config/runtime-config';
import { HealthApiService, type Readiness } from './health/health-api.service';
import { FakeSession, text } from './testing/fakes';

class FakeHealthApi {
  readonly readinessUrl = 'http://api.test/health/ready';
  readonly readiness = signal<Readiness>({ state: 'checking' });
  readonly refreshing = signal(true);
  refresh(): void {}
}

/** The dialog's code is loaded on demand: wait for it to appear. */
async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('AppComponent (shell)', () => {
  let session: FakeSession;

  beforeEach(() => {
    session = new FakeSession().as(null);
    TestBed.configureTestingModule({
      imports: [AppComponent],
      providers: [
        provideRouter(routes),
        { provide: HealthApiService, useClass: FakeHealthApi },
        { provide: SessionService, useValue: session },
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRuntimeConfig({ apiBaseUrl: 'http://api.test' }),
      ],
    });
  });

  const links = (el: HTMLElement) =>
    [...el.querySelectorAll('nav[aria-label=Main] a')].map((a) => [
      a.textContent?.trim(),
      a.getAttribute('href'),
    ]);

  it('signed out: only the status page, no account', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;

    expect(el.querySelector('mat-toolbar .brand')?.textContent?.trim()).toBe('Openbell');
    expect(links(el)).toEqual([['Status', '/status']]);
    expect(el.querySelector('[data-testid=signed-in-as]')).toBeNull();
    expect(el.querySelector('main router-outlet')).not.toBeNull();
  });

  it('signed in: every page, who is signed in with which role, and sign out', async () => {
    session.as('viewer');
    const fixture = TestBed.createComponent(AppComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;

    expect(links(el).map(([label]) => label)).toEqual([
      'Dashboard',
      'Portfolio',
      'Runs',
      'Orders',
      'Strategy',
      'Audit log',
      'Alerts',
      'Status',
    ]);
    expect(text(el.querySelector('[data-testid=signed-in-as]'))).toBe('view@example.com (viewer)');
    const signOut = [...el.querySelectorAll('button')].find((b) => text(b) === 'Sign out')!;
    signOut.click();
    expect(session.loggedOut).toBe(1);
  });

  it('signed in, any role: "Password" opens the change-password dialog', async () => {
    session.as('viewer');
    const fixture = TestBed.createComponent(AppComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    el.querySelector<HTMLButtonElement>('[data-testid=change-password]')!.click();
    await waitUntil(() => document.querySelector('ob-change-password-dialog') !== null);
    expect(text(document.querySelector('ob-change-password-dialog h2'))).toBe(
      'Change your password',
    );
  });

  it('sends a signed-out visitor of a page to login, remembering the page', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/runs?x=1');

    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fruns%3Fx%3D1');
    expect(TestBed.inject(Title).getTitle()).toBe('Sign in · Openbell');
  });

  it('opens on the dashboard when signed in, and sends unknown addresses there', async () => {
    session.as('operator');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/no/such/page');
    expect(TestBed.inject(Router).url).toBe('/dashboard');
  });

  it('keeps the status page reachable without signing in', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/status');
    expect(TestBed.inject(Router).url).toBe('/status');
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent?.trim()).toBe(
      'API readiness',
    );
  });
});
