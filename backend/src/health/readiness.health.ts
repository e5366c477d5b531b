import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../infra/config/app-config';
import { LifecycleService } from '../infra/lifecycle/lifecycle.service';
import { DAILY_RUN_CRON } from '../scheduling/scheduling.constants';

@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: LifecycleService,
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Down as soon as shutdown begins, so the platform stops routing here before connections close. */
  process() {
    const session = this.indicators.check('process');
    return this.lifecycle.shuttingDown ? session.down({ message: 'shutting down' }) : session.up();
  }

  /** In worker/all roles the daily-run cron must be registered; web replicas don't run it. */
  scheduler() {
    const session = this.indicators.check('scheduler');
    if (!this.config.runsScheduler) return session.up({ role: this.config.role, required: false });
    const registry = this.moduleRef.get(SchedulerRegistry, { strict: false });
    return registry.doesExist('cron', DAILY_RUN_CRON)
      ? session.up({ cron: this.config.trading.cron, timeZone: this.config.trading.cronTimeZone })
      : session.down({ message: 'daily-run cron not registered' });
  }
}
