import { HttpErrorResponse } from '@angular/common/http';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type {
  CancelAllResult,
  ManualRunRequest,
  PatchTogglesRequest,
  PlanPreview,
  RunOutcome,
  Status,
  Toggles,
} from '../api/api-types';
import { SessionService } from '../auth/session.service';
import { OrdersApiService } from '../orders/orders-api.service';
import { RunsApiService } from '../runs/runs-api.service';
import { ConfirmService } from '../shared/confirm.service';
import { makeRun, makeStatus } from '../testing/factories';
import { FakeConfirm, FakeSession, text } from '../testing/fakes';
import { CANCEL_ALL_PHRASE, ControlsComponent, LIVE_RUN_PHRASE } from './controls.component';
import { StatusApiService } from './status-api.service';
import { TogglesApiService } from './toggles-api.service';

class FakeToggles {
  /** What GET /api/toggles answers (fresh state read before each confirmation). */
  state: Toggles = {
    tradingEnabled: true,
    schedulerEnabled: true,
    updatedAt: '2026-11-30T10:00:00Z',
    updatedBy: 'ops@example.com',
    effective: { enabled: true, mode: 'live', reason: null, envCeiling: true, toggle: true },
  };
  currentResult: () => Promise<Toggles> = async () => this.state;
  reads = 0;
  current(): Promise<Toggles> {
    this.reads++;
    return this.currentResult();
  }
  calls: PatchTogglesRequest[] = [];
  result: () => Promise<Partial<Toggles>> = async () => ({});
  async update(patch: PatchTogglesRequest): Promise<Toggles> {
    this.calls.push(patch);
    return { tradingEnabled: true, schedulerEnabled: true, ...(await this.result()) } as Toggles;
  }
}

class FakeRuns {
  starts: ManualRunRequest[] = [];
  previews = 0;
  outcome: RunOutcome = { status: 'succeeded', reason: null, run: makeRun({ id: 'run-1' }) };
  plan!: PlanPreview;
  async start(request: ManualRunRequest): Promise<RunOutcome> {
    this.starts.push(request);
    return this.outcome;
  }
  async preview(): Promise<PlanPreview> {
    this.previews++;
    return this.plan;
  }
}

class FakeOrders {
  cancels: string[] = [];
  async cancelAll(reason: string): Promise<CancelAllResult> {
    this.cancels.push(reason);
    return { canceled: 3, results: [] };
  }
}

describe('ControlsComponent', () => {
  let session: FakeSession;
  let confirm: FakeConfirm;
  let toggles: FakeToggles;
  let runs: FakeRuns;
  let orders: FakeOrders;
  let statusRefreshes: number;
  let fixture: ComponentFixture<ControlsComponent>;
  const page = () => fixture.nativeElement as HTMLElement;
  const button = (id: string) => page().querySelector<HTMLButtonElement>(`[data-testid=${id}]`)!;
  const outcome = () => text(page().querySelector('[data-testid=control-outcome]'));

  async function render(status: Status | null = makeStatus()) {
    fixture = TestBed.createComponent(ControlsComponent);
    fixture.componentRef.setInput('status', status);
    await fixture.whenStable();
  }
  async function click(id: string) {
    button(id).click();
    await fixture.whenStable();
    // the action's promises (confirm → API → outcome)
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await fixture.whenStable();
  }

  beforeEach(() => {
    session = new FakeSession();
    confirm = new FakeConfirm();
    toggles = new FakeToggles();
    runs = new FakeRuns();
    orders = new FakeOrders();
    statusRefreshes = 0;
    TestBed.configureTestingModule({
      imports: [ControlsComponent],
      providers: [
        provideRouter([]),
        { provide: SessionService, useValue: session },
        { provide: ConfirmService, useValue: confirm },
        { provide: TogglesApiService, useValue: toggles },
        { provide: RunsApiService, useValue: runs },
        { provide: OrdersApiService, useValue: orders },
        { provide: StatusApiService, useValue: { refresh: () => statusRefreshes++ } },
      ],
    });
  });

  it('viewers see every control that acts disabled, with the reason; preview stays available', async () => {
    session.as('viewer');
    await render();
    expect(text(page().querySelector('[data-testid=controls-disabled-reason]'))).toBe(
      'You are signed in as viewer: only operators can use these controls.',
    );
    for (const id of ['kill-switch', 'scheduler-toggle', 'dry-run-now', 'run-now', 'cancel-all']) {
      expect(button(id).disabled, id).toBe(true);
      expect(button(id).getAttribute('title'), id).toContain('only operators');
    }
    expect(button('preview').disabled).toBe(false);
  });

  it('operators see no disabled reason and enabled controls', async () => {
    await render();
    expect(page().querySelector('[data-testid=controls-disabled-reason]')).toBeNull();
    expect(button('kill-switch').disabled).toBe(false);
    expect(button('cancel-all').disabled).toBe(false);
  });

  it('kill switch: says what will happen, needs a reason, sends it, and reports', async () => {
    confirm.answers = ['broker outage'];
    toggles.result = async () => ({ tradingEnabled: false });
    await render();
    expect(text(button('kill-switch'))).toBe('Stop trading (kill switch)');
    await click('kill-switch');

    expect(confirm.asked[0].title).toBe('Stop trading (kill switch)?');
    expect(confirm.asked[0].consequences).toContain(
      'No further order is sent; a run in progress stops before its next order.',
    );
    expect(toggles.calls).toEqual([{ tradingEnabled: false, reason: 'broker outage' }]);
    expect(outcome()).toBe('Kill switch on: trading stopped.');
    expect(statusRefreshes).toBe(1);
  });

  it('kill switch: cancelling the dialog changes nothing', async () => {
    confirm.answers = [undefined];
    await render();
    await click('kill-switch');
    expect(confirm.asked).toHaveLength(1);
    expect(toggles.calls).toEqual([]);
    expect(outcome()).toBe('');
  });

  it('releasing the kill switch warns that trading becomes live', async () => {
    confirm.answers = ['incident over'];
    toggles.state = {
      ...toggles.state,
      tradingEnabled: false,
      effective: {
        enabled: false,
        mode: 'dry-run',
        reason: 'kill-switch',
        envCeiling: true,
        toggle: false,
      },
    };
    await render(
      makeStatus({
        trading: {
          enabled: false,
          mode: 'dry-run',
          reason: 'kill-switch',
          envCeiling: true,
          toggle: false,
        },
      }),
    );
    expect(text(button('kill-switch'))).toBe('Release kill switch');
    await click('kill-switch');
    expect(confirm.asked[0].consequences[0]).toContain('Trading becomes LIVE');
    expect(toggles.calls).toEqual([{ tradingEnabled: true, reason: 'incident over' }]);
  });

  it('describes the state as it is now, not as the last poll showed it', async () => {
    // The dashboard still shows trading on; another operator has just stopped it.
    confirm.answers = ['resume'];
    toggles.state = {
      ...toggles.state,
      tradingEnabled: false,
      effective: {
        enabled: false,
        mode: 'dry-run',
        reason: 'kill-switch',
        envCeiling: true,
        toggle: false,
      },
    };
    await render(makeStatus());
    await click('kill-switch');
    expect(toggles.reads).toBe(1);
    expect(confirm.asked[0].title).toBe('Release the kill switch?');
    expect(toggles.calls).toEqual([{ tradingEnabled: true, reason: 'resume' }]);
  });

  it('asks nothing and sends nothing when the current state cannot be read', async () => {
    toggles.currentResult = async () => {
      throw new HttpErrorResponse({ status: 0 });
    };
    await render();
    for (const id of ['kill-switch', 'scheduler-toggle', 'run-now']) await click(id);
    expect(confirm.asked).toEqual([]);
    expect(toggles.calls).toEqual([]);
    expect(runs.starts).toEqual([]);
    expect(outcome()).toContain('Could not read the current toggles: Cannot reach the API');
  });

  it('run now in dry-run mode says nothing is sent and asks for no phrase', async () => {
    confirm.answers = ['check'];
    toggles.state = {
      ...toggles.state,
      effective: {
        enabled: false,
        mode: 'dry-run',
        reason: 'env-ceiling',
        envCeiling: false,
        toggle: true,
      },
    };
    await render();
    await click('run-now');
    expect(confirm.asked[0].title).toBe('Run now?');
    expect(confirm.asked[0].typePhrase).toBeUndefined();
    expect(confirm.asked[0].consequences).toContain(
      'Trading is off (dry-run mode): orders are recorded as simulated, none is sent.',
    );
    expect(runs.starts).toEqual([{ dryRun: false, reason: 'check' }]);
  });

  it('pausing the scheduler asks for a reason and says manual runs still work', async () => {
    confirm.answers = ['holiday'];
    toggles.result = async () => ({ schedulerEnabled: false });
    await render();
    await click('scheduler-toggle');
    expect(confirm.asked[0].title).toBe('Pause the scheduler?');
    expect(confirm.asked[0].consequences).toContain('Manual runs ("Run now") still work.');
    expect(toggles.calls).toEqual([{ schedulerEnabled: false, reason: 'holiday' }]);
    expect(outcome()).toBe('Scheduler paused.');
  });

  it('shows an API refusal as an alert', async () => {
    confirm.answers = ['x'];
    toggles.result = async () => {
      throw new HttpErrorResponse({ status: 403, error: { message: 'operator role required' } });
    };
    await render();
    await click('kill-switch');
    const alert = page().querySelector('[data-testid=control-outcome]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert)).toBe(
      'Kill switch failed: Not allowed for your role: operator role required.',
    );
  });

  it("previews today's run as a table with risk-limit notes", async () => {
    runs.plan = {
      tradingDay: '2026-11-30',
      gate: { decision: 'open', reason: 'market open', tradingDay: '2026-11-30' },
      mode: 'dry-run',
      modeReason: 'env-ceiling',
      strategy: 'fixed-weights',
      equity: '100000.00',
      intents: [
        {
          symbol: 'SPY',
          side: 'buy',
          notional: '10000.00',
          qty: null,
          estimatedNotional: '10000.00',
          status: 'planned',
          clientOrderId: 'a',
          riskNotes: [
            { rule: 'RISK_MAX_ORDER_NOTIONAL', action: 'clipped', detail: '60000 to 10000' },
          ],
        },
      ],
      skipped: [{ symbol: 'XYZ', reason: 'not tradable' }],
      error: null,
    };
    await render();
    await click('preview');
    expect(runs.previews).toBe(1);
    const rows = [...page().querySelectorAll('[data-testid=preview-row]')].map((row) =>
      [...row.querySelectorAll('td')].map(text),
    );
    expect(rows).toEqual([
      [
        'SPY',
        'buy',
        '10000.00',
        '—',
        'planned',
        'clipped by RISK_MAX_ORDER_NOTIONAL: 60000 to 10000',
      ],
    ]);
    expect(text(page().querySelector('[data-testid=preview-result]'))).toContain(
      'XYZ: not tradable',
    );
  });

  it('dry run now: confirmation, then the outcome with a link to the run', async () => {
    confirm.answers = ['rehearsal'];
    await render();
    await click('dry-run-now');
    expect(confirm.asked[0].typePhrase).toBeUndefined();
    expect(runs.starts).toEqual([{ dryRun: true, reason: 'rehearsal' }]);
    expect(outcome()).toBe('Run succeeded. Open run');
    expect(page().querySelector('[data-testid=control-outcome] a')?.getAttribute('href')).toBe(
      '/runs/run-1',
    );
  });

  it('run now while trading is live makes the operator type RUN LIVE', async () => {
    confirm.answers = ['catch up'];
    await render(makeStatus());
    await click('run-now');
    expect(confirm.asked[0].title).toBe('Run LIVE now?');
    expect(confirm.asked[0].typePhrase).toBe(LIVE_RUN_PHRASE);
    expect(confirm.asked[0].consequences).toContain('Real orders are sent to the broker.');
    expect(runs.starts).toEqual([{ dryRun: false, reason: 'catch up' }]);
  });

  it('cancel all: two confirmations, the second with a typed phrase; either can stop it', async () => {
    await render();
    confirm.answers = ['runaway', undefined];
    await click('cancel-all');
    expect(confirm.asked).toHaveLength(2);
    expect(orders.cancels).toEqual([]);

    confirm.asked.length = 0;
    confirm.answers = ['runaway', 'runaway'];
    await click('cancel-all');
    expect(confirm.asked[1].typePhrase).toBe(CANCEL_ALL_PHRASE);
    expect(confirm.asked[1].reason).toBe('runaway');
    expect(orders.cancels).toEqual(['runaway']);
    expect(outcome()).toBe('Cancel requested for 3 open order(s).');
  });
});
