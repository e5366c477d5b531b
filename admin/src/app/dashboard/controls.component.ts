import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import type { PlanPreview, Status, Toggles } from '../api/api-types';
import { SessionService } from '../auth/session.service';
import { OrdersApiService } from '../orders/orders-api.service';
import { RunsApiService } from '../runs/runs-api.service';
import { describeApiError } from '../shared/api-error';
import { ConfirmService } from '../shared/confirm.service';
import { StatusApiService } from './status-api.service';
import { TogglesApiService } from './toggles-api.service';

export interface Outcome {
  ok: boolean;
  text: string;
  runId?: string;
}

export const LIVE_RUN_PHRASE = 'RUN LIVE';
export const CANCEL_ALL_PHRASE = 'CANCEL ALL';

/** The operator's levers. Every one asks for a reason and says what it will do first. */
@Component({
  selector: 'ob-controls',
  imports: [MatCardModule, MatButtonModule, RouterLink],
  templateUrl: './controls.component.html',
  styleUrl: './controls.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ControlsComponent {
  private readonly session = inject(SessionService);
  private readonly toggles = inject(TogglesApiService);
  private readonly runs = inject(RunsApiService);
  private readonly orders = inject(OrdersApiService);
  private readonly confirm = inject(ConfirmService);
  private readonly statusApi = inject(StatusApiService);

  readonly status = input<Status | null>(null);

  protected readonly canAct = this.session.isOperator;
  protected readonly disabledReason = computed(() =>
    this.canAct()
      ? null
      : `You are signed in as ${this.session.user()?.role ?? 'viewer'}: only operators can use these controls.`,
  );
  protected readonly busy = signal<string | null>(null);
  protected readonly outcome = signal<Outcome | null>(null);
  protected readonly preview = signal<PlanPreview | null>(null);

  protected readonly tradingOn = computed(() => this.status()?.trading.toggle ?? false);
  protected readonly schedulerOn = computed(() => this.status()?.scheduler.enabled ?? true);

  protected async toggleTrading(): Promise<void> {
    const toggles = await this.freshToggles();
    if (!toggles) return;
    const turnOn = !toggles.tradingEnabled;
    const envCeiling = toggles.effective.envCeiling;
    const reason = await this.confirm.ask(
      turnOn
        ? {
            title: 'Release the kill switch?',
            consequences: envCeiling
              ? [
                  'Trading becomes LIVE: the next run sends real orders to the broker.',
                  'Every operator is alerted.',
                ]
              : [
                  'The toggle allows trading, but the environment ceiling (TRADING_ENABLED=false) still keeps the API in dry-run.',
                  'Every operator is alerted.',
                ],
            confirmLabel: 'Release kill switch',
            dangerous: envCeiling,
          }
        : {
            title: 'Stop trading (kill switch)?',
            consequences: [
              'No further order is sent; a run in progress stops before its next order.',
              'Runs still plan and record orders as simulated.',
              'Orders already at the broker stay open (use "Cancel all open orders" for those).',
              'Every operator is alerted.',
            ],
            confirmLabel: 'Stop trading',
            dangerous: true,
          },
    );
    if (!reason) return;
    await this.act('kill switch', async () => {
      const after = await this.toggles.update({ tradingEnabled: turnOn, reason });
      return after.tradingEnabled
        ? 'Kill switch released: trading allowed by the toggle.'
        : 'Kill switch on: trading stopped.';
    });
  }

  protected async toggleScheduler(): Promise<void> {
    const toggles = await this.freshToggles();
    if (!toggles) return;
    const resume = !toggles.schedulerEnabled;
    const reason = await this.confirm.ask(
      resume
        ? {
            title: 'Resume the scheduler?',
            consequences: [
              'Scheduled triggers run the daily job again, starting with the next attempt.',
            ],
            confirmLabel: 'Resume scheduler',
          }
        : {
            title: 'Pause the scheduler?',
            consequences: [
              'Scheduled triggers are recorded as skipped until it is resumed; a missed day raises an alert.',
              'Manual runs ("Run now") still work.',
            ],
            confirmLabel: 'Pause scheduler',
            dangerous: true,
          },
    );
    if (!reason) return;
    await this.act('scheduler', async () => {
      const after = await this.toggles.update({ schedulerEnabled: resume, reason });
      return after.schedulerEnabled ? 'Scheduler resumed.' : 'Scheduler paused.';
    });
  }

  protected async runPreview(): Promise<void> {
    this.busy.set('preview');
    this.outcome.set(null);
    try {
      this.preview.set(await this.runs.preview());
    } catch (error) {
      this.outcome.set({ ok: false, text: `Preview failed: ${describeApiError(error)}` });
    } finally {
      this.busy.set(null);
    }
  }

  protected async runNow(dryRun: boolean): Promise<void> {
    let live = false;
    if (!dryRun) {
      const toggles = await this.freshToggles();
      if (!toggles) return;
      live = toggles.effective.enabled;
    }
    const reason = await this.confirm.ask(
      dryRun
        ? {
            title: 'Start a dry run now?',
            consequences: [
              "Today's run is planned through the same market gate and recorded with simulated orders.",
              'Nothing is sent to the broker; it does not use up the day.',
            ],
            confirmLabel: 'Start dry run',
          }
        : {
            title: live ? 'Run LIVE now?' : 'Run now?',
            consequences: live
              ? [
                  "Today's run starts now, if the market gate allows it.",
                  'Real orders are sent to the broker.',
                  "It uses up today's run: the scheduler will not run again today.",
                ]
              : [
                  "Today's run starts now, if the market gate allows it.",
                  'Trading is off (dry-run mode): orders are recorded as simulated, none is sent.',
                  "It uses up today's run.",
                ],
            confirmLabel: live ? 'Run live' : 'Run now',
            dangerous: live,
            typePhrase: live ? LIVE_RUN_PHRASE : undefined,
          },
    );
    if (!reason) return;
    await this.act(dryRun ? 'dry run' : 'run', async () => {
      const result = await this.runs.start({ dryRun, reason });
      const text = `Run ${result.status}${result.reason ? `: ${result.reason}` : ''}.`;
      // A partial run (orders rejected or left open) is shown as a problem, like a failed one.
      return {
        text,
        runId: result.run?.id,
        ok: result.status !== 'failed' && result.status !== 'partial',
      };
    });
  }

  protected async cancelAll(): Promise<void> {
    const consequences = [
      'Every open order at the broker is cancelled, including ones Openbell did not place.',
      'Partly filled orders keep their fills.',
      'Every operator is alerted.',
    ];
    const reason = await this.confirm.ask({
      title: 'Cancel all open orders?',
      consequences,
      confirmLabel: 'Continue',
      dangerous: true,
    });
    if (!reason) return;
    const confirmed = await this.confirm.ask({
      title: 'Really cancel every open order?',
      consequences: ['This cannot be undone.', ...consequences],
      confirmLabel: 'Cancel all orders',
      dangerous: true,
      typePhrase: CANCEL_ALL_PHRASE,
      reason,
    });
    if (!confirmed) return;
    await this.act('cancel all', async () => {
      const result = await this.orders.cancelAll(reason);
      return `Cancel requested for ${result.canceled} open order(s).`;
    });
  }

  /**
   * The toggles as they are now (another operator may have changed them since the last poll); on
   * failure, says why and returns undefined so nothing is asked or sent.
   */
  private async freshToggles(): Promise<Toggles | undefined> {
    this.outcome.set(null);
    try {
      return await this.toggles.current();
    } catch (error) {
      this.outcome.set({
        ok: false,
        text: `Could not read the current toggles: ${describeApiError(error)}`,
      });
      return undefined;
    }
  }

  private async act(name: string, action: () => Promise<string | Outcome>): Promise<void> {
    this.busy.set(name);
    this.outcome.set(null);
    try {
      const result = await action();
      this.outcome.set(typeof result === 'string' ? { ok: true, text: result } : result);
    } catch (error) {
      this.outcome.set({
        ok: false,
        text: `${capitalize(name)} failed: ${describeApiError(error)}`,
      });
    } finally {
      this.busy.set(null);
      this.statusApi.refresh();
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
