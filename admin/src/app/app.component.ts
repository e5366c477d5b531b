import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
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
  protected readonly user = this.session.user;

  protected readonly navigation: readonly NavLink[] = [
    { path: '/dashboard', label: 'Dashboard' },
    { path: '/runs', label: 'Runs' },
    { path: '/orders', label: 'Orders' },
    { path: '/strategy', label: 'Strategy' },
    { path: '/audit', label: 'Audit log' },
    { path: '/alerts', label: 'Alerts' },
    { path: '/status', label: 'Status' },
  ];

  protected logout(): void {
    this.session.logout();
  }
}
