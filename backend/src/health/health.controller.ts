import { Controller, Get } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { HealthProbe } from './health-probe.decorator';
import { BrokerHealthIndicator } from '../trading/broker/broker.health';
import { DatabaseHealthIndicator } from './database.health';
import { ReadinessIndicators } from './readiness.health';

/** Unauthenticated probes (terminus JSON, 503 when down). Railway gates deploys on /health/ready. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly readiness: ReadinessIndicators,
    private readonly broker: BrokerHealthIndicator,
  ) {}

  /** The process serves HTTP; nothing else is checked. */
  @Get('live')
  @HealthProbe()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Database reachable, every migration applied, scheduler registered, not shutting down. No broker call. */
  @Get('ready')
  @HealthProbe()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.readiness.process(),
      () => this.database.readiness(),
      () => this.readiness.scheduler(),
    ]);
  }

  @Get('database')
  @HealthProbe()
  databaseHealth(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.fresh()]);
  }

  /** The broker alone: a broker outage shows here, never on /health/ready. */
  @Get('broker')
  @HealthProbe()
  brokerHealth(): Promise<HealthCheckResult> {
    return this.health.check([() => this.broker.check()]);
  }
}
