import { computed, signal } from '@angular/core';
import type { Role, User } from '../api/api-types';
import type { SignedOutReason } from '../auth/session.service';
import type { ConfirmDialogData } from '../shared/confirm-dialog.component';

export const OPERATOR: User = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ops@example.com',
  role: 'operator',
};
export const VIEWER: User = {
  id: '00000000-0000-4000-8000-000000000002',
  email: 'view@example.com',
  role: 'viewer',
};

/** SessionService as pages see it. */
export class FakeSession {
  readonly user = signal<User | null>(OPERATOR);
  readonly isOperator = computed(() => this.user()?.role === 'operator');
  readonly signedOutReason = signal<SignedOutReason>(null);
  readonly token = signal<string | null>('token');
  logins: { email: string; password: string }[] = [];
  loginResult: () => Promise<User> = async () => OPERATOR;
  loggedOut = 0;

  as(role: Role | null): this {
    this.user.set(role === null ? null : role === 'operator' ? OPERATOR : VIEWER);
    return this;
  }
  login(email: string, password: string): Promise<User> {
    this.logins.push({ email, password });
    return this.loginResult();
  }
  logout(): void {
    this.loggedOut++;
  }
}

/** ConfirmService: answers each question from the queue (a reason, or undefined = cancelled). */
export class FakeConfirm {
  readonly asked: ConfirmDialogData[] = [];
  constructor(public answers: (string | undefined)[] = []) {}
  async ask(data: ConfirmDialogData): Promise<string | undefined> {
    this.asked.push(data);
    return this.answers.shift();
  }
}

export const text = (el: Element | null | undefined) =>
  el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
