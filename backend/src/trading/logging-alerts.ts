import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordAlert } from '../alerts/alert-recorder';
import { AppConfig } from '../infra/config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import type { AlertPort, RunAlert } from './alert-port';

/**
 * The AlertPort: records an alert once per dedup key (the `alert` table) with one pending delivery
 * per configured channel (the `alert_delivery` outbox) — in the caller's transaction when given
 * one — and logs it. The delivery worker (alerts/alert-delivery.worker.ts) sends the outbox.
 */
@Injectable()
export class LoggingAlerts implements AlertPort {
  private readonly logger = new Logger('Alerts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  async raise(alert: RunAlert, manager?: EntityManager): Promise<void> {
    const recorded = manager
      ? await recordAlert(manager, this.config.alerts, alert)
      : await this.dataSource.transaction((m) => recordAlert(m, this.config.alerts, alert));
    if (!recorded) return;
    this.metrics?.alertRaised(alert.kind, alert.severity);
    const log = alert.severity === 'critical' ? 'error' : 'warn';
    this.logger[log](
      { alert: { id: recorded.id, kind: alert.kind, tradingDay: alert.tradingDay } },
      `${alert.kind}: ${alert.summary}`,
    );
  }
}
