import { ChangeDetectionStrategy, Component, inject, Injector } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { SessionService } from './auth/session.service';

export interface NavLink {
  path: string;
  label: string;
}

/** The shell: toolbar, main navigation (once signed in), who is signed in, and the routed page. */
@Component({
  selector: 'ob-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule, MatButtonModule],
  templateUrl: './app.component.html',
  styleUrl: './app.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppComponent {
  private readonly session = inject(SessionService);
  private readonly injector = inject(Injector);
  protected readonly user = this.session.user;

  protected readonly navigation: readonly NavLink[] = [
    { path: '/dashboard', label: 'Dashboard' },
    { path: '/portfolio', label: 'Portfolio' },
    { path: '/runs', label: 'Runs' },
    { path: '/orders', label: 'Orders' },
    { path: '/strategy', label: 'Strategy' },
    { path: '/audit', label: 'Audit log' },
    { path: '/alerts', label: 'Alerts' },
    { path: '/status', label: 'Status' },
  ];

  /** Loaded on demand: the dialog and Angular Material's dialog stay out of the initial bundle. */
  protected async changePassword(): Promise<void> {
    const [{ MatDialog }, { ChangePasswordDialogComponent }] = await Promise.all([
      import('@angular/material/dialog'),
      import('./auth/change-password-dialog.component'),
    ]);
    this.injector.get(MatDialog).open(ChangePasswordDialogComponent, {
      width: '28rem',
      maxWidth: '95vw',
      autoFocus: 'first-tabbable',
      restoreFocus: true,
    });
  }

  protected logout(): void {
    this.session.logout();
  }
}
