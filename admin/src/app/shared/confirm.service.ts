import { inject, Injectable } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import {
  ConfirmDialogComponent,
  type ConfirmDialogData,
  type ConfirmResult,
} from './confirm-dialog.component';

/** Opens the confirmation dialog; resolves to the typed reason, or undefined when cancelled. */
@Injectable({ providedIn: 'root' })
export class ConfirmService {
  private readonly dialog = inject(MatDialog);

  async ask(data: ConfirmDialogData): Promise<string | undefined> {
    const ref = this.dialog.open<ConfirmDialogComponent, ConfirmDialogData, ConfirmResult>(
      ConfirmDialogComponent,
      { data, width: '32rem', maxWidth: '95vw', autoFocus: 'first-tabbable', restoreFocus: true },
    );
    return (await firstValueFrom(ref.afterClosed()))?.reason;
  }
}
