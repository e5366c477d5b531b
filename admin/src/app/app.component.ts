import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

export interface NavLink {
  path: string;
  label: string;
}

/** The shell: toolbar, main navigation and the routed page. */
@Component({
  selector: 'ob-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule],
  templateUrl: './app.component.html',
  styleUrl: './app.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppComponent {
  /** Pages join this list as they are built (dashboard, runs, orders, strategy, audit, alerts). */
  protected readonly navigation: readonly NavLink[] = [{ path: '/status', label: 'Status' }];
}
