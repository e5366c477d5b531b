import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BrokerHealthIndicator } from '../trading/broker/broker.health';
import { DatabaseHealthIndicator } from './database.health';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './readiness.health';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, ReadinessIndicators, BrokerHealthIndicator],
})
export class HealthModule {}
