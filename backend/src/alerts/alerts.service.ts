import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeCursor, type Page, type PageQuery, pageOf, UUID } from '../infra/http/pagination';
import type { RunAlert } from './alert';
import { AlertsRepository, type AlertListRow } from './alerts.repository';
import { recordAlert } from './alert-recorder';
import { AppConfig } from '../infra/config/app-config';
import { MetricsService } from '../metrics/metrics.service';

/**
 * Raises alerts: records an alert once per dedup key (the `alert` table) with one pending delivery
 * per configured channel (the `alert_delivery` outbox) — in the caller's transaction when given
 * one — and logs it. The delivery worker (alerts/alert-delivery.worker.ts) sends the outbox.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('Alerts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly repository: AlertsRepository,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /**
   * Records the alert and its outbox rows. With `manager`, inside the caller's transaction (the
   * event and its alert commit together); without, in a transaction of its own.
   */
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

  /** GET /api/alerts: newest first, each with the delivery status of every channel. */
  async page(query: PageQuery): Promise<Page<Omit<AlertListRow, 'cursorAt'>>> {
    const rows = await this.repository.page(query.limit, decodeCursor(query.cursor, UUID));
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...alert }) => alert);
  }
}
