import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { SessionService } from '../auth/session.service';
import { describeApiError } from '../shared/api-error';
import { valueOf } from '../shared/read-resource';
import { ConfirmService } from '../shared/confirm.service';
import { LocalTimePipe } from '../shared/time';
import { StrategyApiService } from './strategy-api.service';
import {
  diffTargets,
  formatPercent,
  type TargetChange,
  type TargetRow,
  toRows,
  totalPercent,
  toTargets,
  validateRows,
} from './targets';

@Component({
  selector: 'ob-strategy',
  imports: [
    FormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    LocalTimePipe,
  ],
  templateUrl: './strategy.component.html',
  styleUrl: './strategy.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StrategyComponent {
  private readonly api = inject(StrategyApiService);
  private readonly confirm = inject(ConfirmService);
  private readonly session = inject(SessionService);

  protected readonly strategy = this.api.strategy();
  protected readonly canEdit = this.session.isOperator;
  protected readonly loadError = computed(() => {
    const error = this.strategy.error();
    return error ? describeApiError(error) : null;
  });

  protected readonly editing = signal(false);
  protected readonly rows = signal<TargetRow[]>([]);
  protected readonly reviewing = signal(false);
  protected readonly saving = signal(false);
  protected readonly outcome = signal<{ ok: boolean; text: string } | null>(null);

  protected readonly problems = computed(() => validateRows(this.rows()));
  protected readonly total = computed(() => totalPercent(this.rows()));
  /** What the targets leave uninvested, when they fit (rounded like the weights: 4 decimals). */
  protected readonly cash = computed(() => {
    const total = this.total() ?? 0;
    return total <= 100 ? Math.round((100 - total) * 10_000) / 10_000 : null;
  });
  protected readonly changes = computed<TargetChange[]>(() => {
    const current = valueOf(this.strategy)?.fixedWeights.targets ?? [];
    return this.problems().length ? [] : diffTargets(current, toTargets(this.rows()));
  });
  protected readonly percent = formatPercent;

  constructor() {
    // Leave the editor when the operator loses the role mid-session (the API would refuse anyway).
    effect(() => {
      if (!this.canEdit()) this.editing.set(false);
    });
  }

  protected edit(): void {
    this.rows.set(toRows(valueOf(this.strategy)?.fixedWeights.targets ?? []));
    this.reviewing.set(false);
    this.outcome.set(null);
    this.editing.set(true);
  }

  protected update(index: number, field: keyof TargetRow, value: string): void {
    this.reviewing.set(false);
    this.rows.update((rows) =>
      rows.map((row, i) => (i === index ? { ...row, [field]: value } : row)),
    );
  }

  protected add(): void {
    this.reviewing.set(false);
    this.rows.update((rows) => [...rows, { symbol: '', percent: '' }]);
  }

  protected remove(index: number): void {
    this.reviewing.set(false);
    this.rows.update((rows) => rows.filter((_, i) => i !== index));
  }

  protected review(): void {
    if (this.problems().length === 0) this.reviewing.set(true);
  }

  protected cancel(): void {
    this.editing.set(false);
    this.reviewing.set(false);
  }

  protected async save(): Promise<void> {
    const changes = this.changes();
    if (this.problems().length || !changes.length) return;
    const reason = await this.confirm.ask({
      title: 'Save the new targets?',
      consequences: [
        ...changes.map((c) => describeChange(c)),
        'The next run (scheduled or manual) rebalances toward these weights.',
      ],
      confirmLabel: 'Save targets',
    });
    if (!reason) return;
    this.saving.set(true);
    try {
      await this.api.saveTargets({ targets: toTargets(this.rows()), reason });
      this.outcome.set({ ok: true, text: 'Targets saved.' });
      this.editing.set(false);
      this.reviewing.set(false);
      this.strategy.reload();
    } catch (error) {
      this.outcome.set({ ok: false, text: `Could not save: ${describeApiError(error)}` });
    } finally {
      this.saving.set(false);
    }
  }
}

export function describeChange(change: TargetChange): string {
  const pct = (w: number | null) => (w === null ? '' : `${formatPercent(w)} %`);
  switch (change.kind) {
    case 'added':
      return `${change.symbol}: added at ${pct(change.after)}`;
    case 'removed':
      return `${change.symbol}: removed (was ${pct(change.before)}); the run sells it`;
    default:
      return `${change.symbol}: ${pct(change.before)} → ${pct(change.after)}`;
  }
}
