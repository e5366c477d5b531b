import { signal } from '@angular/core';
import type { ReadResource } from '../shared/read-resource';

export class FakeResource<T> implements ReadResource<T> {
  readonly value = signal<T | undefined>(undefined);
  readonly isLoading = signal(false);
  readonly error = signal<unknown>(undefined);
  reloads = 0;

  hasValue(): boolean {
    return this.value() !== undefined;
  }

  reload(): boolean {
    this.reloads++;
    return true;
  }

  resolve(value: T): this {
    this.error.set(undefined);
    this.isLoading.set(false);
    this.value.set(value);
    return this;
  }

  fail(error: unknown): this {
    this.value.set(undefined);
    this.isLoading.set(false);
    this.error.set(error);
    return this;
  }
}
