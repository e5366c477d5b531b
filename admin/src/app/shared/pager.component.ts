import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { CursorPager } from './cursor-pager';

/** Newer / Page n / Older under a newest-first table (runs, orders, audit log, alerts). */
@Component({
  selector: 'ob-pager',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="pager">
      <button
        mat-stroked-button
        type="button"
        [disabled]="!pager().hasPrevious()"
        (click)="pager().back()"
      >
        Newer
      </button>
      <span>Page {{ pager().pageNumber() }}</span>
      <button
        mat-stroked-button
        type="button"
        [disabled]="!nextCursor()"
        (click)="pager().next(nextCursor())"
      >
        Older
      </button>
    </div>
  `,
})
export class PagerComponent {
  readonly pager = input.required<CursorPager>();
  /** The page's `nextCursor`: null on the last (oldest) page. */
  readonly nextCursor = input<string | null | undefined>(null);
}
