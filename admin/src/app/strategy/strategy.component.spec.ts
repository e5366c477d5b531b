import { HttpErrorResponse } from '@angular/common/http';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { PutTargetsRequest, StrategyView, TargetsView } from '../api/api-types';
import { SessionService } from '../auth/session.service';
import { ConfirmService } from '../shared/confirm.service';
import { FakeResource } from '../testing/fake-resource';
import { FakeConfirm, FakeSession, text } from '../testing/fakes';
import { StrategyApiService } from './strategy-api.service';
import { StrategyComponent } from './strategy.component';

const VIEW: StrategyView = {
  strategy: 'fixed-weights',
  fixedWeights: {
    source: 'database',
    targets: [
      { symbol: 'SPY', weight: 0.6 },
      { symbol: 'TLT', weight: 0.4 },
    ],
    updatedAt: '2026-11-29T10:00:00Z',
    updatedBy: 'ops@example.com',
  },
};

class FakeStrategyApi {
  readonly resource = new FakeResource<StrategyView>().resolve(VIEW);
  saved: PutTargetsRequest[] = [];
  saveResult: () => Promise<TargetsView> = async () => VIEW.fixedWeights;
  strategy() {
    return this.resource;
  }
  saveTargets(request: PutTargetsRequest) {
    this.saved.push(request);
    return this.saveResult();
  }
}

describe('StrategyComponent', () => {
  let api: FakeStrategyApi;
  let session: FakeSession;
  let confirm: FakeConfirm;
  let fixture: ComponentFixture<StrategyComponent>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLButtonElement>(`[data-testid=${id}]`);
  const button = (label: string) =>
    [...el().querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === label)!;
  const settle = async () => {
    await fixture.whenStable();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await fixture.whenStable();
  };
  const type = async (name: string, value: string) => {
    const input = el().querySelector<HTMLInputElement>(`input[name=${name}]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };

  async function render() {
    TestBed.configureTestingModule({
      imports: [StrategyComponent],
      providers: [
        { provide: StrategyApiService, useValue: api },
        { provide: SessionService, useValue: session },
        { provide: ConfirmService, useValue: confirm },
      ],
    });
    fixture = TestBed.createComponent(StrategyComponent);
    await fixture.whenStable();
  }

  beforeEach(() => {
    api = new FakeStrategyApi();
    session = new FakeSession();
    confirm = new FakeConfirm();
  });

  it('shows the current strategy and its targets', async () => {
    await render();
    expect(text(byTestId('strategy-name'))).toBe('fixed-weights');
    const rows = [...el().querySelectorAll('[data-testid=target-row]')].map((row) =>
      [...row.querySelectorAll('td')].map(text),
    );
    expect(rows).toEqual([
      ['SPY', '60 %'],
      ['TLT', '40 %'],
    ]);
    expect(text(el().querySelector('.tz-note'))).toContain('Saved by ops@example.com');
  });

  it('viewers cannot edit, and are told why', async () => {
    session.as('viewer');
    await render();
    expect(byTestId('edit-targets')!.disabled).toBe(true);
    expect(text(byTestId('edit-disabled-reason'))).toBe('Only operators can change the targets.');
  });

  it('validates as the operator types: the sum must stay at or under 100 %', async () => {
    await render();
    byTestId('edit-targets')!.click();
    await fixture.whenStable();
    await type('percent1', '39.9');
    expect(text(byTestId('total'))).toBe('Total: 99.9 % · 0.1 % stays in cash');
    await type('percent1', '45');
    expect(text(byTestId('total'))).toBe('Total: 105 % (at most 100 %)');
    expect(text(byTestId('problems'))).toBe('Weights add up to 105 %: at most 100 %.');
    expect(byTestId('review')!.disabled).toBe(true);
  });

  it('shows the diff before saving, then saves with the reason from the confirmation', async () => {
    confirm.answers = ['rebalance to gold'];
    await render();
    byTestId('edit-targets')!.click();
    await fixture.whenStable();
    await type('percent0', '50');
    button('Add target').click();
    await fixture.whenStable();
    await type('symbol2', 'gld');
    await type('percent2', '10');
    byTestId('review')!.click();
    await fixture.whenStable();

    expect([...byTestId('diff')!.querySelectorAll('li')].map(text)).toEqual([
      'GLD: added at 10 %',
      'SPY: 60 % → 50 %',
    ]);
    expect(api.saved).toEqual([]);

    byTestId('save-targets')!.click();
    await settle();
    expect(confirm.asked[0].consequences).toContain('SPY: 60 % → 50 %');
    expect(api.saved).toEqual([
      {
        targets: [
          { symbol: 'SPY', weight: 0.5 },
          { symbol: 'TLT', weight: 0.4 },
          { symbol: 'GLD', weight: 0.1 },
        ],
        reason: 'rebalance to gold',
      },
    ]);
    expect(text(byTestId('strategy-outcome'))).toBe('Targets saved.');
    expect(api.resource.reloads).toBe(1);
  });

  it('saves nothing when the confirmation is cancelled, and shows an API refusal', async () => {
    confirm.answers = [undefined, 'again'];
    api.saveResult = async () => {
      throw new HttpErrorResponse({
        status: 400,
        error: { message: ['targets.0.weight must be at most 1'] },
      });
    };
    await render();
    byTestId('edit-targets')!.click();
    await fixture.whenStable();
    await type('percent0', '50');
    byTestId('review')!.click();
    await fixture.whenStable();
    byTestId('save-targets')!.click();
    await settle();
    expect(api.saved).toEqual([]);

    byTestId('save-targets')!.click();
    await settle();
    expect(api.saved).toHaveLength(1);
    const outcome = byTestId('strategy-outcome')!;
    expect(outcome.getAttribute('role')).toBe('alert');
    expect(text(outcome)).toBe('Could not save: targets.0.weight must be at most 1');
  });
});
