import { Module } from '@nestjs/common';
import { MarketGateModule } from '../market-gate/market-gate.module';
import { JobRunRepository } from '../scheduling/job-run.repository';
import { TogglesModule } from '../toggles/toggles.module';
import { ALERTS } from './alert-port';
import { DailyRunService } from './daily-run.service';
import { DispatchGuard } from './execution/dispatch-guard';
import { OrderExecutor } from './execution/order-executor';
import { OrderReconciler } from './execution/order-reconciler';
import { OrderIntentRepository } from './order-intent.repository';
import { PlannerService } from './planner/planner.service';
import { RunExecution } from './run-execution';
import { RunPlanBuilder } from './run-plan.builder';
import { PLANNER } from './run-ports';
import { StrategiesModule } from './strategies/strategies.module';
import { LoggingAlerts } from './logging-alerts';
import { PortfolioSnapshotRepository } from '../portfolio/portfolio-snapshot.repository';
import { PortfolioSnapshotService } from '../portfolio/portfolio-snapshot.service';
import { PortfolioService } from '../portfolio/portfolio.service';
import { RunReportService } from '../portfolio/run-report.service';

/** Everything the daily run needs; the broker comes from the global BrokerModule. */
@Module({
  imports: [MarketGateModule, TogglesModule, StrategiesModule],
  providers: [
    JobRunRepository,
    OrderIntentRepository,
    OrderExecutor,
    OrderReconciler,
    DispatchGuard,
    RunPlanBuilder,
    RunExecution,
    DailyRunService,
    { provide: PLANNER, useClass: PlannerService },
    { provide: ALERTS, useClass: LoggingAlerts },
    // Portfolio (issue 14): snapshots and the daily summary at the end of a run, and the display.
    PortfolioSnapshotRepository,
    PortfolioSnapshotService,
    PortfolioService,
    RunReportService,
  ],
  exports: [
    DailyRunService,
    JobRunRepository,
    OrderIntentRepository,
    OrderReconciler,
    StrategiesModule,
    TogglesModule,
    MarketGateModule,
    ALERTS,
    PortfolioService,
    PortfolioSnapshotService,
  ],
})
export class TradingModule {}
