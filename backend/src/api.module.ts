import { Module } from '@nestjs/common';
import { AlertsController } from './alerts/alerts.controller';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AuthModule } from './auth/auth.module';
import { PortfolioController } from './portfolio/portfolio.controller';
import { StatusController } from './status/status.controller';
import { StatusService } from './status/status.service';
import { VersionController } from './status/version.controller';
import { VersionService } from './status/version.service';
import { TogglesController } from './toggles/toggles.controller';
import { CancelAllService } from './trading/cancel-all.service';
import { ManualRunService } from './trading/manual-run.service';
import { OrdersController } from './trading/orders.controller';
import { PreviewService } from './trading/preview.service';
import { RunsController } from './trading/runs.controller';
import { StrategyController } from './trading/strategy.controller';
import { TradingModule } from './trading/trading.module';

/** The /api surface (web and all roles). Every route is behind the global AuthGuard (login and version are @Public). */
@Module({
  imports: [AuthModule, TradingModule],
  controllers: [
    StatusController,
    TogglesController,
    RunsController,
    OrdersController,
    StrategyController,
    AuditController,
    AlertsController,
    VersionController,
    PortfolioController,
  ],
  providers: [
    AuditService,
    StatusService,
    CancelAllService,
    ManualRunService,
    PreviewService,
    VersionService,
  ],
})
export class ApiModule {}
