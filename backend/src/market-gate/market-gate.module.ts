import { Module } from '@nestjs/common';
import { MarketGateService } from './market-gate.service';

/** Whether the market is open now, by the broker's clock and calendar (cached briefly). */
@Module({
  providers: [MarketGateService],
  exports: [MarketGateService],
})
export class MarketGateModule {}
