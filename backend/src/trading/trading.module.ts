import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuditModule } from '../audit/audit.module';
import { MarketGateModule } from '../market-gate/market-gate.module';
import { JobRunRepository } from '../scheduling/job-run.repository';
import { TogglesModule } from '../toggles/toggles.module';
import { CancelAllService } from './cancel-all.service';
import { DailyRunService } from './daily-run.service';
import { DispatchGuard } from './execution/dispatch-guard';
import { OrderExecutor } from './execution/order-executor';
import { OrderReconciler } from './execution/order-reconciler';
import { ManualRunService } from './manual-run.service';
import { OrderIntentRepository } from './order-intent.repository';
import { PlannerService } from './planner/planner.service';
import { PreviewService } from './preview.service';
import { RunExecution } from './run-execution';
import { RunFinishedHooks } from './run-finished.hooks';
import { RunHistoryService } from './run-history.service';
import { RunPlanBuilder } from './run-plan.builder';
import { StrategiesModule } from './strategies/strategies.module';
import { WarmConnections } from './warm-connections';

/**
 * The daily run (gate, ledger, plan, execution), what operators do to it (manual run, preview,
 * cancel-all) and its history. The broker comes from the global BrokerModule.
 */
@Module({
  imports: [MarketGateModule, TogglesModule, StrategiesModule, AlertsModule, AuditModule],
  providers: [
    JobRunRepository,
    OrderIntentRepository,
    PlannerService,
    OrderExecutor,
    OrderReconciler,
    DispatchGuard,
    RunPlanBuilder,
    RunExecution,
    RunFinishedHooks,
    DailyRunService,
    PreviewService,
    ManualRunService,
    CancelAllService,
    RunHistoryService,
    WarmConnections,
  ],
  exports: [
    DailyRunService,
    JobRunRepository,
    OrderIntentRepository,
    OrderReconciler,
    RunFinishedHooks,
    PreviewService,
    ManualRunService,
    CancelAllService,
    RunHistoryService,
  ],
})
export class TradingModule {}
