import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { JsonPipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { describeApiError } from '../shared/api-error';
import { valueOf } from '../shared/read-resource';
import { formatDuration, LocalTimePipe } from '../shared/time';
import { RunsApiService } from './runs-api.service';
import { dollars, signedDollars } from '../portfolio/money';

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
  protected readonly dollars = dollars;
  protected readonly signedDollars = signedDollars;
  protected bps(value: string | null): string {
    return value === null ? '—' : `${Number(value) > 0 ? '+' : ''}${value} bp`;
  }
  /** Slippage is a cost when positive: red; a gain green. */
  protected slippageTone(value: string | null): string {
    const n = Number(value ?? 0);
    return n > 0 ? 'loss' : n < 0 ? 'gain' : '';
  }
  protected readonly duration = computed(() => {
    const run = valueOf(this.run);
    return run?.finishedAt
      ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt))
      : '—';
  });
}
