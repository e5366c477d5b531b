import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';
import { AlertsService } from '../alerts/alerts.service';
import type { OrderIntentEntity } from '../trading/order-intent.entity';
import { OPEN_STATUSES } from '../trading/order-intent.repository';
import { formatDecimal, multiply, parseDecimal } from '../trading/planner/decimal';
import { weighPositions, todayChange } from './portfolio-figures';
import { PortfolioSnapshotService } from './portfolio-snapshot.service';
import { PortfolioService } from './portfolio.service';
import { RunFinishedHooks } from '../trading/run-finished.hooks';
import { errorText } from '../infra/error-text';

/** What the daily summary says (also the webhook's `details`). */
export interface DailySummaryDetails {
  runId: string;
  job: string;
  tradingDay: string;
  status: string;
  mode: 'live' | 'dry-run';
  filled: number;
  rejected: number;
  open: number;
  /** Dry run: orders recorded as simulated (nothing sent). */
  simulated: number;
  /** Filled dollars (dry run: the planned dollars of the simulated orders). */
  boughtNotional: string;
  soldNotional: string;
  equity: string | null;
  dayPnl: string | null;
  dayPnlPct: string | null;
  largestDrift: { symbol: string; drift: string } | null;
  link: string | null;
}

/**
 * The end of a run, after it is recorded: the day's portfolio snapshot, then the daily summary to
 * the alert channels (through the outbox: retried, and never doubled — its dedup key is the run).
 * A summary goes out for every run that reached the broker, and for dry runs (marked as such);
 * ALERT_DAILY_SUMMARY=false turns it off. Nothing here can change the run's outcome.
 */
@Injectable()
export class RunReportService {
  private readonly logger = new Logger(RunReportService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly snapshots: PortfolioSnapshotService,
    private readonly portfolio: PortfolioService,
    private readonly alerts: AlertsService,
    hooks: RunFinishedHooks,
  ) {
    hooks.register('portfolio report', ({ run, outcome, orders }) =>
      this.afterRun(run, outcome, orders),
    );
  }

  async afterRun(
    run: { id: string; job: string; tradingDay: string },
    outcome: { status: string; dryRun: boolean },
    orders: OrderIntentEntity[],
  ): Promise<void> {
    const reachedBroker = orders.some((o) => o.brokerOrderId !== null);
    // A failed run that sent nothing changed nothing (and its broker may well be down: no reads
    // that would hold up the end of the run, or a shutdown); the close snapshot covers the day.
    if (outcome.status === 'failed' && !reachedBroker) return;
    const snapshot = await this.snapshots
      .afterRun({
        id: outcome.dryRun ? null : run.id,
        tradingDay: run.tradingDay,
        status: outcome.dryRun ? null : outcome.status,
      })
      .catch((error: unknown) => {
        this.logger.warn(`portfolio snapshot after run ${run.id} failed: ${errorText(error)}`);
        return null;
      });
    if (!this.config.alerts.dailySummary || !(outcome.dryRun || reachedBroker)) return;

    let largestDrift: DailySummaryDetails['largestDrift'] = null;
    if (snapshot) {
      const targets = await this.portfolio.targets().catch(() => null);
      largestDrift = weighPositions(
        snapshot.equity,
        snapshot.positions.map((p) => ({
          symbol: p.symbol,
          qty: p.qty,
          market_value: p.marketValue,
        })),
        targets,
      ).largestDrift;
    }
    const day = snapshot ? todayChange(snapshot.equity, snapshot.lastEquity) : null;
    const details: DailySummaryDetails = {
      runId: run.id,
      job: run.job,
      tradingDay: run.tradingDay,
      status: outcome.status,
      mode: outcome.dryRun ? 'dry-run' : 'live',
      ...tally(orders),
      equity: snapshot?.equity ?? null,
      dayPnl: day?.change ?? null,
      dayPnlPct: day?.changePct ?? null,
      largestDrift,
      link: this.config.admin.origins[0]
        ? `${this.config.admin.origins[0].replace(/\/+$/, '')}/runs/${run.id}`
        : null,
    };
    await this.alerts
      .raise({
        kind: 'daily_summary',
        dedupKey: `daily_summary:${run.id}`,
        severity: 'info',
        tradingDay: run.tradingDay,
        summary: summaryText(details),
        details: details as unknown as Record<string, unknown>,
      })
      .catch((error: unknown) =>
        this.logger.error(`could not record the daily summary: ${errorText(error)}`),
      );
  }
}

/** Order counts and the dollars bought and sold (exact decimals). */
export function tally(
  orders: Pick<
    OrderIntentEntity,
    'status' | 'side' | 'filledQty' | 'filledAvgPrice' | 'estimatedNotional'
  >[],
): Pick<
  DailySummaryDetails,
  'filled' | 'rejected' | 'open' | 'simulated' | 'boughtNotional' | 'soldNotional'
> {
  let bought = 0n;
  let sold = 0n;
  const count = (statuses: string[]) => orders.filter((o) => statuses.includes(o.status)).length;
  for (const o of orders) {
    let dollars = 0n;
    if (o.status === 'simulated') dollars = parseDecimal(o.estimatedNotional ?? '0');
    else if (o.filledQty && o.filledAvgPrice)
      dollars = multiply(parseDecimal(o.filledQty), parseDecimal(o.filledAvgPrice));
    if (o.side === 'buy') bought += dollars;
    else sold += dollars;
  }
  return {
    filled: count(['filled']),
    rejected: count(['rejected']),
    open: count(OPEN_STATUSES),
    simulated: count(['simulated']),
    boughtNotional: formatDecimal(bought, 2),
    soldNotional: formatDecimal(sold, 2),
  };
}

const pct = (fraction: string) => `${(Number(fraction) * 100).toFixed(2)} %`;
const money = (amount: string) =>
  `${amount.startsWith('-') ? '-' : ''}$${Number(amount.replace('-', '')).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;

/** The plain text (Lark's text fallback, the outbox's message): one fact per line. */
export function summaryText(d: DailySummaryDetails): string {
  return [
    `${d.mode === 'dry-run' ? 'DRY RUN (nothing sent): ' : ''}run ${d.status}, ${d.job}`,
    d.mode === 'dry-run'
      ? `Orders: ${d.simulated} simulated`
      : `Orders: ${d.filled} filled, ${d.rejected} rejected, ${d.open} still open`,
    `${d.mode === 'dry-run' ? 'Planned' : 'Traded'}: bought ${money(d.boughtNotional)}, sold ${money(d.soldNotional)}`,
    d.equity
      ? `Equity ${money(d.equity)}${d.dayPnl ? `, day's P&L ${money(d.dayPnl)}${d.dayPnlPct ? ` (${pct(d.dayPnlPct)})` : ''}` : ''}`
      : 'Equity: could not be read from the broker',
    d.largestDrift
      ? `Largest drift left: ${d.largestDrift.symbol} ${pct(d.largestDrift.drift)}`
      : 'Largest drift left: none known',
    ...(d.link ? [`Run: ${d.link}`] : []),
  ].join('\n');
}

export { money as formatMoney, pct as formatPct };
