import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { MarketGateModule } from '../market-gate/market-gate.module';
import { StrategiesModule } from '../trading/strategies/strategies.module';
import { TradingModule } from '../trading/trading.module';
import { PortfolioSnapshotRepository } from './portfolio-snapshot.repository';
import { PortfolioSnapshotService } from './portfolio-snapshot.service';
import { PortfolioService } from './portfolio.service';
import { RunReportService } from './run-report.service';

/**
 * The portfolio: the live view (positions, weights, drift), its history with a snapshot per run
 * and per close, and the daily summary. It hears about finished runs through trading's
 * RunFinishedHooks, so trading does not depend on it.
 */
@Module({
  imports: [TradingModule, StrategiesModule, MarketGateModule, AlertsModule],
  providers: [
    PortfolioSnapshotRepository,
    PortfolioSnapshotService,
    PortfolioService,
    RunReportService,
  ],
  exports: [PortfolioService],
})
export class PortfolioModule {}
