import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { HealthApiService, READINESS_REFRESH_MS, type HealthCheck } from './health-api.service';

interface CheckRow {
  name: string;
  up: boolean;
  status: string;
  message?: string;
}

@Component({
  selector: 'ob-status',
  imports: [MatCardModule, MatButtonModule, DatePipe],
  templateUrl: './status.component.html',
  styleUrl: './status.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusComponent {
  private readonly health = inject(HealthApiService);

  protected readonly readiness = this.health.readiness;
  protected readonly refreshing = this.health.refreshing;
  protected readonly readinessUrl = this.health.readinessUrl;
  protected readonly refreshSeconds = READINESS_REFRESH_MS / 1000;

  /** Every check the API reported, in its order; failing ones are flagged. */
  protected readonly checks = computed<CheckRow[]>(() => {
    const readiness = this.readiness();
    if (readiness.state !== 'ready' && readiness.state !== 'not-ready') return [];
    return Object.entries(readiness.report.details).map(([name, check]) => toRow(name, check));
  });

  protected readonly downChecks = computed(() =>
    this.checks()
      .filter((check) => !check.up)
      .map((check) => check.name),
  );

  protected refresh(): void {
    this.health.refresh();
  }
}

function toRow(name: string, check: HealthCheck): CheckRow {
  return {
    name,
    up: check.status === 'up',
    status: check.status,
    message: typeof check.message === 'string' ? check.message : undefined,
  };
}
