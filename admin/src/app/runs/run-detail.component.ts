import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { JsonPipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { describeApiError } from '../shared/api-error';
import { valueOf } from '../shared/read-resource';
import { formatDuration, LocalTimePipe } from '../shared/time';
import { RunsApiService } from './runs-api.service';

@Component({
  selector: 'ob-run-detail',
  imports: [RouterLink, LocalTimePipe, JsonPipe],
  templateUrl: './run-detail.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RunDetailComponent {
  /** Route parameter. */
  readonly id = input<string>();
  protected readonly run = inject(RunsApiService).get(this.id);
  protected readonly error = computed(() => {
    const error = this.run.error();
    return error ? describeApiError(error) : null;
  });
  protected readonly duration = computed(() => {
    const run = valueOf(this.run);
    return run?.finishedAt
      ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt))
      : '—';
  });
}
