import { computed, signal } from '@angular/core';

/**
 * Newest-first cursor pagination: the API only goes forward (older), so the cursors of the pages
 * already seen are kept to go back.
 */
export class CursorPager {
  private readonly previous = signal<(string | undefined)[]>([]);
  readonly cursor = signal<string | undefined>(undefined);
  readonly pageNumber = computed(() => this.previous().length + 1);
  readonly hasPrevious = computed(() => this.previous().length > 0);

  next(nextCursor: string | null | undefined): void {
    if (!nextCursor) return;
    this.previous.update((stack) => [...stack, this.cursor()]);
    this.cursor.set(nextCursor);
  }

  back(): void {
    const stack = this.previous();
    if (!stack.length) return;
    this.cursor.set(stack[stack.length - 1]);
    this.previous.set(stack.slice(0, -1));
  }

  reset(): void {
    this.previous.set([]);
    this.cursor.set(undefined);
  }
}
