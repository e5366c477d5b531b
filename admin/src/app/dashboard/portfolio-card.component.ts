import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { describeApiError } from '../shared/api-error';
import { valueOf } from '../shared/read-resource';
import { dollars, percent, signedDollars, tone } from '../portfolio/money';
import { PortfolioApiService } from '../portfolio/portfolio-api.service';

/**
 * The dashboard's portfolio card: equity, today's P&L and the largest drift, linking to the
 * Portfolio page. No chart here, so the dashboard loads no charting code.
 */
@Component({
  selector: 'ob-portfolio-card',
  imports: [MatCardModule, RouterLink],
  template: `
    <mat-card appearance="outlined" data-testid="portfolio-card">
      <mat-card-content>
        <h2 class="card-label">Portfolio</h2>
        @if (current(); as p) {
          @if (p.account; as a) {
            <p class="big" data-testid="card-equity">{{ dollars(a.equity) }}</p>
            <p class="small">
              Today
              <span [class]="tone(a.todayChange)" data-testid="card-today"
                >{{ signedDollars(a.todayChange) }} ({{ percent(a.todayChangePct, true) }})</span
              >
            </p>
            <p class="small" data-testid="card-drift">
              Largest drift:
              @if (p.largestDrift; as d) {
                {{ d.symbol }} {{ percent(d.drift, true) }}
              } @else {
                none
              }
            </p>
          } @else {
            <p class="big">—</p>
            <p class="small" data-testid="card-notice">
              {{
                p.state === 'busy'
                  ? 'A run is sending orders; figures refresh when it is done.'
                  : 'The broker could not be read.'
              }}
            </p>
          }
        } @else if (error(); as message) {
          <p class="small failed">Could not load: {{ message }}</p>
        } @else {
          <p class="small">Loading…</p>
        }
        <p class="small"><a routerLink="/portfolio">Open the portfolio →</a></p>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }
    mat-card {
      height: 100%;
    }
    .card-label {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
      margin: 0 0 0.25rem;
    }
    .big {
      font: var(--mat-sys-headline-medium);
      margin: 0.25rem 0;
    }
    .small {
      margin: 0.25rem 0;
    }
    .failed {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
    .gain {
      color: #1b5e20;
    }
    .loss {
      color: #b71c1c;
    }
  `,
  providers: [PortfolioApiService],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PortfolioCardComponent {
  private readonly api = inject(PortfolioApiService);
  protected readonly current = computed(() => valueOf(this.api.portfolio));
  protected readonly error = computed(() => {
    const error = this.api.portfolio.error();
    return error ? describeApiError(error) : null;
  });
  protected readonly dollars = dollars;
  protected readonly signedDollars = signedDollars;
  protected readonly percent = percent;
  protected readonly tone = tone;
}
