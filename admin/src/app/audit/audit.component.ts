import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { JsonPipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { describeApiError } from '../shared/api-error';
import { CursorPager } from '../shared/cursor-pager';
import { PagerComponent } from '../shared/pager.component';
import { LocalTimePipe } from '../shared/time';
import { AuditApiService } from './audit-api.service';

export const AUDIT_PAGE_SIZE = 50;

@Component({
  selector: 'ob-audit',
  imports: [
    FormsModule,
    JsonPipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    LocalTimePipe,
    PagerComponent,
  ],
  templateUrl: './audit.component.html',
  styleUrl: './audit.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditComponent {
  protected readonly pager = new CursorPager();
  protected readonly action = signal('');
  protected readonly actor = signal('');
  private readonly applied = signal({ action: '', actor: '' });
  protected readonly page = inject(AuditApiService).list(
    computed(() => ({
      limit: AUDIT_PAGE_SIZE,
      cursor: this.pager.cursor(),
      action: this.applied().action || undefined,
      actor: this.applied().actor || undefined,
    })),
  );
  protected readonly error = computed(() => {
    const error = this.page.error();
    return error ? describeApiError(error) : null;
  });

  protected apply(): void {
    this.pager.reset();
    this.applied.set({ action: this.action().trim(), actor: this.actor().trim() });
  }
}
