import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { text } from '../testing/fakes';
import { ConfirmDialogComponent, type ConfirmDialogData } from './confirm-dialog.component';

describe('ConfirmDialogComponent', () => {
  let closed: unknown[];

  async function open(data: ConfirmDialogData) {
    closed = [];
    TestBed.configureTestingModule({
      imports: [ConfirmDialogComponent],
      providers: [
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close: (value: unknown) => closed.push(value) } },
      ],
    });
    const fixture = TestBed.createComponent(ConfirmDialogComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const type = async (testId: string, value: string) => {
      const input = el.querySelector<HTMLInputElement>(`[data-testid=${testId}]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    const submit = el.querySelector<HTMLButtonElement>('[data-testid=confirm-submit]')!;
    return { el, type, submit, fixture };
  }

  it('shows what will happen and confirms only with a reason, which it returns trimmed', async () => {
    const { el, type, submit } = await open({
      title: 'Stop trading?',
      consequences: ['No order is sent.', 'Operators are alerted.'],
      confirmLabel: 'Stop trading',
    });
    expect(text(el.querySelector('h2'))).toBe('Stop trading?');
    expect([...el.querySelectorAll('[data-testid=consequences] li')].map(text)).toEqual([
      'No order is sent.',
      'Operators are alerted.',
    ]);
    expect(submit.disabled).toBe(true);

    await type('confirm-reason', '   ');
    expect(submit.disabled).toBe(true);
    submit.click();
    expect(closed).toEqual([]);

    await type('confirm-reason', '  broker incident  ');
    expect(submit.disabled).toBe(false);
    submit.click();
    expect(closed).toEqual([{ reason: 'broker incident' }]);
  });

  it('with a phrase to type, needs both the reason and the exact phrase', async () => {
    const { el, type, submit } = await open({
      title: 'Cancel all?',
      consequences: ['Every open order is cancelled.'],
      confirmLabel: 'Cancel all orders',
      dangerous: true,
      typePhrase: 'CANCEL ALL',
    });
    expect([...el.querySelectorAll('mat-label')].map(text)).toContain('Type CANCEL ALL to confirm');
    await type('confirm-reason', 'runaway orders');
    expect(submit.disabled).toBe(true);
    await type('confirm-phrase', 'cancel all');
    expect(submit.disabled).toBe(true);
    await type('confirm-phrase', 'CANCEL ALL');
    expect(submit.disabled).toBe(false);
    submit.click();
    expect(closed).toEqual([{ reason: 'runaway orders' }]);
  });

  it('shows a reason given in an earlier step instead of asking again', async () => {
    const { el, type, submit } = await open({
      title: 'Really?',
      consequences: ['This cannot be undone.'],
      confirmLabel: 'Do it',
      typePhrase: 'CANCEL ALL',
      reason: 'runaway orders',
    });
    expect(el.querySelector('[data-testid=confirm-reason]')).toBeNull();
    expect(text(el.querySelector('[data-testid=given-reason]'))).toBe('Reason: runaway orders');
    await type('confirm-phrase', 'CANCEL ALL');
    submit.click();
    expect(closed).toEqual([{ reason: 'runaway orders' }]);
  });
});
