import { Module } from '@nestjs/common';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsModule } from './alerts/alerts.module';
import { AuditController } from './audit/audit.controller';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { PortfolioController } from './portfolio/portfolio.controller';
import { PortfolioModule } from './portfolio/portfolio.module';
import { StatusController } from './status/status.controller';
import { StatusModule } from './status/status.module';
import { VersionController } from './status/version.controller';
import { TogglesController } from './toggles/toggles.controller';
import { TogglesModule } from './toggles/toggles.module';
import { OrdersController } from './trading/orders.controller';
import { RunsController } from './trading/runs.controller';
import { StrategiesModule } from './trading/strategies/strategies.module';
import { StrategyController } from './trading/strategy.controller';
import { TradingModule } from './trading/trading.module';

/**
 * The /api surface (web and all roles): controllers only, each a thin mapping of HTTP onto one
 * feature service. Every route is behind the global AuthGuard (login and version are @Public).
 */
@Module({
  imports: [
    AuthModule,
    AuditModule,
    AlertsModule,
    TogglesModule,
    StrategiesModule,
    TradingModule,
    PortfolioModule,
    StatusModule,
  ],
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
})
export class ApiModule {}
