import { HttpErrorResponse } from '@angular/common/http';
import { Component, input, type Signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { HistoryPeriod, Portfolio, PortfolioHistory } from '../api/api-types';
import { FakeResource } from '../testing/fake-resource';
import { text } from '../testing/fakes';
import { curve, EquityChartComponent, maxDrawdown, newYorkShift } from './equity-chart.component';
import { dollars, percent, signedDollars } from './money';
import { PortfolioApiService } from './portfolio-api.service';
import { brokerNotice, PortfolioComponent, sortPositions } from './portfolio.component';
import { weightRows } from './weights-chart.component';

/** The canvas chart cannot draw in jsdom (no layout, no matchMedia): the e2e test draws it. */
@Component({ selector: 'ob-equity-chart', template: '<div data-testid="equity-chart"></div>' })
class StubEquityChart {
  readonly points = input<unknown[]>([]);
  readonly daily = input(true);
  readonly runDays = input<string[]>([]);
}

class FakePortfolioApi {
  portfolio = new FakeResource<Portfolio>();
  historyResource = new FakeResource<PortfolioHistory>();
  period: Signal<HistoryPeriod> | undefined;
  refreshes = 0;
  history(period: Signal<HistoryPeriod>) {
    this.period = period;
    return this.historyResource;
  }
  refresh() {
    this.refreshes++;
  }
}

export function makePortfolio(overrides: Partial<Portfolio> = {}): Portfolio {
  return {
    state: 'ok',
    message: null,
    asOf: '2026-11-23T15:00:00.000Z',
    strategy: 'fixed-weights',
    targetsError: null,
    account: {
      equity: '108600.00',
      cash: '100000.00',
      buyingPower: '100000.00',
      lastEquity: '108000.00',
      todayChange: '600.00',
      todayChangePct: '0.005555',
    },
    positions: [
      {
        symbol: 'SPY',
        qty: '10',
        price: '600.00',
        marketValue: '6000.00',
        costBasis: '6100.00',
        unrealizedPl: '-100.00',
        unrealizedPlPct: '-0.016393',
        targetWeight: '0.600000',
        actualWeight: '0.055248',
        drift: '-0.544751',
        targeted: true,
      },
      {
        symbol: 'QQQ',
        qty: '5',
        price: '520.00',
        marketValue: '2600.00',
        costBasis: '2500.00',
        unrealizedPl: '100.00',
        unrealizedPlPct: '0.040000',
        targetWeight: null,
        actualWeight: '0.023941',
        drift: '0.023941',
        targeted: false,
      },
    ],
    missing: [{ symbol: 'TLT', targetWeight: '0.400000', drift: '-0.400000' }],
    untargeted: ['QQQ'],
    largestDrift: { symbol: 'SPY', drift: '-0.544751' },
    lastSnapshot: null,
    ...overrides,
  };
}

const rows = (el: HTMLElement, testId: string) =>
  [...el.querySelectorAll(`[data-testid=${testId}]`)].map((row) =>
    [...row.querySelectorAll('td')].map(text),
  );

describe('PortfolioComponent', () => {
  let api: FakePortfolioApi;
  let fixture: ComponentFixture<PortfolioComponent>;
  const el = () => fixture.nativeElement as HTMLElement;

  beforeEach(async () => {
    api = new FakePortfolioApi();
    TestBed.configureTestingModule({
      imports: [PortfolioComponent],
      providers: [provideRouter([])],
    });
    TestBed.overrideComponent(PortfolioComponent, {
      remove: { imports: [EquityChartComponent], providers: [PortfolioApiService] },
      add: {
        imports: [StubEquityChart],
        providers: [{ provide: PortfolioApiService, useValue: api }],
      },
    });
    fixture = TestBed.createComponent(PortfolioComponent);
    await fixture.whenStable();
  });

  it('says it is loading, never a blank page', async () => {
    api.portfolio.isLoading.set(true);
    api.historyResource.isLoading.set(true);
    await fixture.whenStable();
    expect(text(el().querySelector('[data-testid=portfolio-loading]'))).toContain(
      'Reading the account',
    );
    expect(text(el().querySelector('[data-testid=history-loading]'))).toContain('Loading');
  });

  it('shows equity, today, the positions in dollars with cents, P&L coloured, and sorts them', async () => {
    api.portfolio.resolve(makePortfolio());
    await fixture.whenStable();
    expect(text(el().querySelector('[data-testid=equity]'))).toBe('$108,600.00');
    expect(text(el().querySelector('[data-testid=today-change]'))).toBe('+$600.00');
    expect(el().querySelector('[data-testid=today-change]')!.classList).toContain('gain');
    expect(rows(el(), 'position-row')).toEqual([
      [
        'QQQ',
        '5',
        '$520.00',
        '$2,600.00',
        '$2,500.00',
        '+$100.00',
        '+4.00 %',
        'no target',
        '2.39 %',
        '+2.39 %',
      ],
      [
        'SPY',
        '10',
        '$600.00',
        '$6,000.00',
        '$6,100.00',
        '-$100.00',
        '-1.64 %',
        '60.00 %',
        '5.52 %',
        '-54.48 %',
      ],
    ]);
    const pl = [...el().querySelectorAll('[data-testid=position-row]')].map(
      (row) => row.querySelectorAll('td')[5].className,
    );
    expect(pl).toEqual(['num gain', 'num loss']);
    expect(text(el().querySelector('[data-testid=untargeted]'))).toContain('QQQ');
    // The weights chart lists every symbol, largest drift first, the missing target included.
    expect(
      [...el().querySelectorAll('[data-testid=weight-row] .symbol')].map((s) => text(s)),
    ).toEqual(['SPY', 'TLT', 'QQQ']);

    // Sorting by drift, descending.
    const header = [...el().querySelectorAll('th')].find((th) => text(th).startsWith('Drift'))!;
    (header.querySelector('.mat-sort-header-container') ?? header).dispatchEvent(
      new MouseEvent('click', { bubbles: true }),
    );
    await fixture.whenStable();
    expect(rows(el(), 'position-row').map((r) => r[0])).toEqual(['SPY', 'QQQ']);
  });

  it('broker unavailable: says so and shows no figures as current; busy: says a run is sending', async () => {
    api.portfolio.resolve(
      makePortfolio({
        state: 'unavailable',
        message: 'broker unavailable: GET /v2/account: HTTP 503',
        account: null,
        positions: [],
        missing: [],
        untargeted: [],
        largestDrift: null,
        lastSnapshot: {
          tradingDay: '2026-11-20',
          equity: '101000.00',
          takenAt: '2026-11-20T21:05:00.000Z',
          closed: true,
        },
      }),
    );
    await fixture.whenStable();
    const notice = text(el().querySelector('[data-testid=broker-notice]'));
    expect(notice).toContain('The broker could not be read, so no current figures are shown.');
    expect(notice).toContain('Last snapshot: $101,000.00 on 2026-11-20 (after the close).');
    expect(el().querySelector('[data-testid=equity]')).toBeNull();
    expect(el().querySelector('[data-testid=positions-table]')).toBeNull();

    api.portfolio.resolve(makePortfolio({ state: 'busy', message: 'x', account: null }));
    await fixture.whenStable();
    expect(text(el().querySelector('[data-testid=broker-notice]'))).toContain(
      'The daily run is sending orders right now',
    );
  });

  it('an empty history says why; the period switch asks for another period; an API error is named', async () => {
    api.historyResource.resolve({
      period: '1M',
      timeframe: '1D',
      state: 'ok',
      message: null,
      points: [],
      runs: [],
    });
    await fixture.whenStable();
    expect(text(el().querySelector('[data-testid=history-empty]'))).toContain('No history yet');
    expect(api.period!()).toBe('1M');
    (el().querySelector('[data-period="1Y"] button') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(api.period!()).toBe('1Y');

    api.portfolio.fail(new HttpErrorResponse({ status: 0 }));
    await fixture.whenStable();
    expect(text(el().querySelector('[data-testid=portfolio-error]'))).toContain(
      'Cannot reach the API',
    );
  });

  it('a history from snapshots only (broker down) is drawn and says where it comes from', async () => {
    api.historyResource.resolve({
      period: '1M',
      timeframe: '1D',
      state: 'unavailable',
      message: 'broker unavailable: HTTP 503',
      points: [
        {
          at: '2026-11-19T21:05:00.000Z',
          tradingDay: '2026-11-19',
          equity: '100000.00',
          profitLoss: null,
          profitLossPct: null,
          source: 'snapshot',
        },
        {
          at: '2026-11-20T21:05:00.000Z',
          tradingDay: '2026-11-20',
          equity: '95000.00',
          profitLoss: null,
          profitLossPct: null,
          source: 'snapshot',
        },
      ],
      runs: [],
    });
    await fixture.whenStable();
    expect(text(el().querySelector('[data-testid=history-notice]'))).toContain(
      "Openbell's own daily snapshots are shown instead",
    );
    expect(el().querySelector('[data-testid=equity-chart]')).not.toBeNull();
    expect(text(el().querySelector('[data-testid=curve-summary]'))).toContain(
      'largest drawdown -5.00 %',
    );
  });
});

describe('portfolio figures', () => {
  it('drawdown runs from the peak; daily points sit on their New York date', () => {
    const points = curve(
      [
        {
          at: '2026-11-18T00:00:00Z',
          tradingDay: '2026-11-18',
          equity: '100',
          profitLoss: null,
          profitLossPct: null,
          source: 'broker',
        },
        {
          at: '2026-11-19T00:00:00Z',
          tradingDay: '2026-11-19',
          equity: '120',
          profitLoss: null,
          profitLossPct: null,
          source: 'broker',
        },
        {
          at: '2026-11-20T00:00:00Z',
          tradingDay: '2026-11-20',
          equity: '90',
          profitLoss: null,
          profitLossPct: null,
          source: 'broker',
        },
      ],
      true,
    );
    expect(points.map((p) => p.drawdown)).toEqual([0, 0, 90 / 120 - 1]);
    expect(maxDrawdown(points)).toBeCloseTo(-0.25);
    expect(points[0].time).toBe(Date.UTC(2026, 10, 18) / 1000);
  });

  it('New York wall time across DST: −5 h in winter, −4 h in summer', () => {
    expect(newYorkShift(new Date('2026-11-23T15:00:00Z'))).toBe(-5 * 3600);
    expect(newYorkShift(new Date('2026-07-01T15:00:00Z'))).toBe(-4 * 3600);
  });

  it('money: dollars with cents, signs, percentages', () => {
    expect(dollars('1234.5')).toBe('$1,234.50');
    expect(signedDollars('-0.5')).toBe('-$0.50');
    expect(percent('0.012345', true)).toBe('+1.23 %');
    expect(dollars(null)).toBe('—');
  });

  it('sorting keeps numbers numeric and breaks ties by symbol; broker notices', () => {
    const p = makePortfolio().positions;
    expect(
      sortPositions(p, { active: 'marketValue', direction: 'asc' }).map((x) => x.symbol),
    ).toEqual(['QQQ', 'SPY']);
    expect(brokerNotice({ state: 'ok', message: null })).toBeNull();
    expect(weightRows(makePortfolio()).map((r) => [r.symbol, r.note])).toEqual([
      ['SPY', 'held'],
      ['TLT', 'not held'],
      ['QQQ', 'no target'],
    ]);
  });
});
