import { KeyValuePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { HealthApiService } from './health-api.service';

@Component({
  selector: 'ob-status',
  imports: [MatCardModule, MatButtonModule, KeyValuePipe],
  templateUrl: './status.component.html',
  styleUrl: './status.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusComponent {
  private readonly health = inject(HealthApiService);
  protected readonly readiness = this.health.readiness;
  protected readonly checks = computed(() => {
    const r = this.readiness();
    return r.state === 'ready' || r.state === 'not-ready' ? r.report.details : {};
  });

  protected refresh(): void {
    this.health.refresh();
  }
}
