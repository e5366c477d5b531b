import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

export interface ConfirmDialogData {
  title: string;
  /** What will happen, one consequence per line. */
  consequences: string[];
  confirmLabel: string;
  /** Red confirm button. */
  dangerous?: boolean;
  /** A second, deliberate step: the operator must also type this phrase exactly. */
  typePhrase?: string;
  /** Already given in an earlier step: shown, not asked again. */
  reason?: string;
}

/** The dialog's result: the typed reason, or undefined when cancelled. */
export type ConfirmResult = { reason: string } | undefined;

/**
 * Every action that changes something asks for a reason (written to the audit trail) and shows
 * what will happen before it does.
 */
@Component({
  selector: 'ob-confirm-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, FormsModule],
  templateUrl: './confirm-dialog.component.html',
  styleUrl: './confirm-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialogComponent {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<ConfirmDialogComponent, ConfirmResult>>(MatDialogRef);

  protected readonly reason = signal(this.data.reason ?? '');
  protected readonly phrase = signal('');
  protected readonly canConfirm = computed(
    () =>
      this.reason().trim().length > 0 &&
      this.reason().trim().length <= 500 &&
      (!this.data.typePhrase || this.phrase().trim() === this.data.typePhrase),
  );

  protected confirm(): void {
    if (this.canConfirm()) this.dialogRef.close({ reason: this.reason().trim() });
  }
}
