import { Module } from '@nestjs/common';
import { MARKET_GATE } from '../trading/run-ports';
import { MarketGateService } from './market-gate.service';

@Module({
  providers: [MarketGateService, { provide: MARKET_GATE, useExisting: MarketGateService }],
  exports: [MarketGateService, MARKET_GATE],
})
export class MarketGateModule {}
