import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { Run } from '../api/api-types';
import { describeApiError } from '../shared/api-error';
import { CursorPager } from '../shared/cursor-pager';
import { PagerComponent } from '../shared/pager.component';
import { formatDuration, LocalTimePipe } from '../shared/time';
import { RunsApiService } from './runs-api.service';

@Component({
  selector: 'ob-runs',
  imports: [RouterLink, MatButtonModule, LocalTimePipe, PagerComponent],
  templateUrl: './runs.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RunsComponent {
  protected readonly pager = new CursorPager();
  protected readonly page = inject(RunsApiService).list(this.pager.cursor);
  protected readonly error = computed(() => {
    const error = this.page.error();
    return error ? describeApiError(error) : null;
  });

  protected duration(run: Run): string {
    return run.finishedAt
      ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt))
      : run.status === 'running'
        ? 'running'
        : '—';
  }
}
