import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { MatDialogRef } from '@angular/material/dialog';
import { text } from '../testing/fakes';
import { ChangePasswordDialogComponent } from './change-password-dialog.component';
import { SessionService } from './session.service';

class FakePasswordSession {
  readonly calls: [string, string][] = [];
  result: () => Promise<void> = async () => undefined;
  changePassword(current: string, next: string): Promise<void> {
    this.calls.push([current, next]);
    return this.result();
  }
}

describe('ChangePasswordDialogComponent', () => {
  let closed: unknown[];
  let session: FakePasswordSession;

  async function open() {
    closed = [];
    session = new FakePasswordSession();
    TestBed.configureTestingModule({
      imports: [ChangePasswordDialogComponent],
      providers: [
        { provide: SessionService, useValue: session },
        { provide: MatDialogRef, useValue: { close: (value: unknown) => closed.push(value) } },
      ],
    });
    const fixture = TestBed.createComponent(ChangePasswordDialogComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const type = async (testId: string, value: string) => {
      const input = el.querySelector<HTMLInputElement>(`[data-testid=${testId}]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    const save = el.querySelector<HTMLButtonElement>('[data-testid=password-save]')!;
    return { el, type, save, fixture };
  }

  it('saves only with the current password and a new one typed twice; then closes', async () => {
    const { el, type, save, fixture } = await open();
    expect(text(el.querySelector('h2'))).toBe('Change your password');
    expect(save.disabled).toBe(true);

    await type('password-current', 'Old-password-123');
    await type('password-new', 'short');
    await type('password-repeat', 'short');
    expect(save.disabled).toBe(true);

    await type('password-new', 'Brand-new-secret-9');
    await type('password-repeat', 'Brand-new-secret-8');
    expect(el.querySelector('[data-testid=password-mismatch]')).not.toBeNull();
    expect(save.disabled).toBe(true);

    await type('password-repeat', 'Brand-new-secret-9');
    expect(el.querySelector('[data-testid=password-mismatch]')).toBeNull();
    expect(save.disabled).toBe(false);
    save.click();
    await fixture.whenStable();
    expect(session.calls).toEqual([['Old-password-123', 'Brand-new-secret-9']]);
    expect(closed).toEqual([true]);
  });

  it("shows the API's answer when it refuses, and stays open", async () => {
    const { el, type, save, fixture } = await open();
    await type('password-current', 'wrong');
    await type('password-new', 'Brand-new-secret-9');
    await type('password-repeat', 'Brand-new-secret-9');
    session.result = () =>
      Promise.reject(
        new HttpErrorResponse({
          status: 400,
          error: {
            statusCode: 400,
            error: 'Bad Request',
            message: ['currentPassword is not the password of this account'],
            requestId: 'r-9',
          },
        }),
      );
    save.click();
    await fixture.whenStable();
    expect(text(el.querySelector('[data-testid=password-error]'))).toContain(
      'currentPassword is not the password of this account',
    );
    expect(closed).toEqual([]);
  });
});
