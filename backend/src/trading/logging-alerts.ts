import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../infra/config/app-config';
import { sqlRows } from '../infra/database/sql';
import type { AlertPort, RunAlert } from './alert-port';

/**
 * Records an alert once per dedup key (the `alert` table) with one pending delivery per configured
 * channel (the `alert_delivery` outbox), in one transaction, and logs it at error/warn level.
 */
@Injectable()
export class LoggingAlerts implements AlertPort {
  private readonly logger = new Logger('Alerts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async raise(alert: RunAlert): Promise<void> {
    const message = `[${this.config.alerts.environment}] ${alert.summary}`;
    const channels = [
      this.config.alerts.larkWebhookUrl && 'lark',
      this.config.alerts.slackWebhookUrl && 'slack',
      this.config.alerts.webhookUrl && 'webhook',
    ].filter(Boolean) as string[];
    const inserted = await this.dataSource.transaction(async (manager) => {
      const rows = await sqlRows<{ id: string }>(
        manager,
        `INSERT INTO alert (kind, dedup_key, severity, trading_day, message, payload) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
        [
          alert.kind,
          alert.dedupKey,
          alert.severity,
          alert.tradingDay,
          message,
          JSON.stringify(alert.details),
        ],
      );
      if (rows[0] && channels.length) {
        await sqlRows(
          manager,
          `INSERT INTO alert_delivery (alert_id, channel) SELECT $1, unnest($2::text[])`,
          [rows[0].id, channels],
        );
      }
      return rows.length > 0;
    });
    if (inserted) {
      const log = alert.severity === 'critical' ? 'error' : 'warn';
      this.logger[log](`${alert.kind}: ${message}`);
    }
  }
}
