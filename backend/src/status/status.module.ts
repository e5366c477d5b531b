import { Module } from '@nestjs/common';
import { MarketGateModule } from '../market-gate/market-gate.module';
import { TogglesModule } from '../toggles/toggles.module';
import { TradingModule } from '../trading/trading.module';
import { StatusService } from './status.service';
import { VersionService } from './version.service';

/** The dashboard's one-read status and the build identity. */
@Module({
  imports: [TogglesModule, MarketGateModule, TradingModule],
  providers: [StatusService, VersionService],
  exports: [StatusService, VersionService],
})
export class StatusModule {}
