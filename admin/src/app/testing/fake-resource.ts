import { signal } from '@angular/core';
import type { ReadResource } from '../shared/read-resource';

/**
 * A resource the spec drives by hand. Like Angular's, `value()` throws while the resource is in
 * error, so a page that reads it without `hasValue()` fails its spec as it would fail in use.
 */
export class FakeResource<T> implements ReadResource<T> {
  private readonly state = signal<{ value?: T; error?: unknown }>({});
  readonly isLoading = signal(false);
  reloads = 0;

  value(): T | undefined {
    const state = this.state();
    if (state.error !== undefined) throw new Error('FakeResource: value() read in error state');
    return state.value;
  }

  error(): unknown {
    return this.state().error;
  }

  hasValue(): boolean {
    const state = this.state();
    return state.error === undefined && state.value !== undefined;
  }

  reload(): boolean {
    this.reloads++;
    return true;
  }

  resolve(value: T): this {
    this.isLoading.set(false);
    this.state.set({ value });
    return this;
  }

  fail(error: unknown): this {
    this.isLoading.set(false);
    this.state.set({ error });
    return this;
  }
}
