import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { FakeSession, OPERATOR, text } from '../testing/fakes';
import { LoginComponent } from './login.component';
import { LoginError, SessionService } from './session.service';

@Component({ template: 'page' })
class Page {}

describe('LoginComponent', () => {
  let session: FakeSession;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    session = new FakeSession().as(null);
    TestBed.configureTestingModule({
      providers: [
        // Query parameters reach inputs as in the app (withComponentInputBinding).
        provideRouter(
          [
            { path: 'login', component: LoginComponent },
            { path: 'dashboard', component: Page },
            { path: 'runs/:id', component: Page },
          ],
          withComponentInputBinding(),
        ),
        { provide: SessionService, useValue: session },
      ],
    });
    harness = await RouterTestingHarness.create();
  });

  const el = () => harness.routeNativeElement as HTMLElement;
  async function fill(email: string, password: string) {
    for (const [selector, value] of [
      ['input[type=email]', email],
      ['input[type=password]', password],
    ]) {
      const input = el().querySelector<HTMLInputElement>(selector)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    el().querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await harness.fixture.whenStable();
    await Promise.resolve();
    await harness.fixture.whenStable();
  }

  it('labels its fields and signs in, back to the page the operator was on', async () => {
    await harness.navigateByUrl('/login?returnUrl=%2Fruns%2F42', LoginComponent);
    expect([...el().querySelectorAll('mat-label')].map(text)).toEqual(['Email', 'Password']);
    session.loginResult = async () => OPERATOR;
    await fill(' ops@example.com ', 'secret');
    expect(session.logins).toEqual([{ email: 'ops@example.com', password: 'secret' }]);
    expect(TestBed.inject(Router).url).toBe('/runs/42');
  });

  it('goes to the dashboard when there is no page to return to, never to another site', async () => {
    await harness.navigateByUrl('/login?returnUrl=%2F%2Fevil.example', LoginComponent);
    await fill('ops@example.com', 'secret');
    expect(TestBed.inject(Router).url).toBe('/dashboard');
  });

  it('shows why sign-in failed, as an alert, and clears the password', async () => {
    await harness.navigateByUrl('/login', LoginComponent);
    session.loginResult = async () => {
      throw new LoginError('Too many sign-in attempts. Try again in 42 s.', 'throttled');
    };
    await fill('ops@example.com', 'secret');
    const alert = el().querySelector('[role=alert][data-testid=login-error]');
    expect(text(alert)).toBe('Too many sign-in attempts. Try again in 42 s.');
    expect(el().querySelector<HTMLInputElement>('input[type=password]')!.value).toBe('');
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('does not send an empty form', async () => {
    await harness.navigateByUrl('/login', LoginComponent);
    await fill('', '');
    expect(session.logins).toEqual([]);
    expect([...el().querySelectorAll('mat-error')].map(text)).toEqual([
      'Email is required',
      'Password is required',
    ]);
  });

  it('says the session ended when it expired', async () => {
    session.signedOutReason.set('expired');
    await harness.navigateByUrl('/login?returnUrl=%2Fruns', LoginComponent);
    expect(text(el().querySelector('[data-testid=session-expired]'))).toContain(
      'Your session ended',
    );
  });
});
