import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { describeApiError } from '../shared/api-error';
import { CursorPager } from '../shared/cursor-pager';
import { PagerComponent } from '../shared/pager.component';
import { LocalTimePipe } from '../shared/time';
import { AlertsApiService } from './alerts-api.service';

export const ALERTS_PAGE_SIZE = 50;

@Component({
  selector: 'ob-alerts',
  imports: [MatButtonModule, LocalTimePipe, PagerComponent],
  templateUrl: './alerts.component.html',
  styleUrl: './alerts.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertsComponent {
  protected readonly pager = new CursorPager();
  protected readonly page = inject(AlertsApiService).list(
    computed(() => ({ limit: ALERTS_PAGE_SIZE, cursor: this.pager.cursor() })),
  );
  protected readonly error = computed(() => {
    const error = this.page.error();
    return error ? describeApiError(error) : null;
  });
}
