import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { describeApiError } from '../shared/api-error';
import { SessionService } from './session.service';

/** The API's minimum (docs/security.md has the whole rule; the API names what is wrong). */
export const PASSWORD_MIN_LENGTH = 12;

/**
 * Change one's own password (from the toolbar). Every other session of the account ends; this one
 * continues with the fresh token the API answers.
 */
@Component({
  selector: 'ob-change-password-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, FormsModule],
  templateUrl: './change-password-dialog.component.html',
  styleUrl: './change-password-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePasswordDialogComponent {
  private readonly session = inject(SessionService);
  private readonly dialogRef =
    inject<MatDialogRef<ChangePasswordDialogComponent, boolean>>(MatDialogRef);

  protected readonly current = signal('');
  protected readonly next = signal('');
  protected readonly repeat = signal('');
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly mismatch = computed(
    () => this.repeat() !== '' && this.repeat() !== this.next(),
  );
  protected readonly canSave = computed(
    () =>
      !this.saving() &&
      this.current().length > 0 &&
      this.next().length >= PASSWORD_MIN_LENGTH &&
      this.next() === this.repeat(),
  );

  protected async save(): Promise<void> {
    if (!this.canSave()) return;
    this.saving.set(true);
    this.error.set(null);
    try {
      await this.session.changePassword(this.current(), this.next());
      this.dialogRef.close(true);
    } catch (error) {
      this.error.set(describeApiError(error));
    } finally {
      this.saving.set(false);
    }
  }
}
