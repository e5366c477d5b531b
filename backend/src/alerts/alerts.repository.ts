import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../infra/database/sql';
import type { RunAlert } from './alert';
import type { AlertChannel, DeliveryStatus } from './alert.entity';

export interface AlertListRow {
  id: string;
  kind: RunAlert['kind'];
  severity: RunAlert['severity'];
  tradingDay: string | null;
  message: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  /** One per configured channel at the time of the alert, by channel name. */
  deliveries: {
    channel: AlertChannel;
    status: DeliveryStatus;
    attempts: number;
    lastError: string | null;
    sentAt: string | null;
    /** When the next attempt is due; null unless pending. */
    nextAttemptAt: string | null;
  }[];
  cursorAt: string;
}

/** GET /api/alerts' SQL: alerts newest first, each with its outbox rows. */
@Injectable()
export class AlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  page(limit: number, after?: { at: string; id: string }): Promise<AlertListRow[]> {
    return sqlRows<AlertListRow>(
      this.dataSource,
      `SELECT a.id, a.kind, a.severity, a.trading_day AS "tradingDay", a.message, a.payload, a.created_at AS "createdAt",
              a.created_at::text AS "cursorAt",
              coalesce(json_agg(json_build_object(
                         'channel', d.channel, 'status', d.status, 'attempts', d.attempts,
                         'lastError', d.last_error, 'sentAt', d.sent_at,
                         'nextAttemptAt', CASE WHEN d.status = 'pending' THEN d.next_attempt_at END)
                       ORDER BY d.channel) FILTER (WHERE d.id IS NOT NULL), '[]') AS deliveries
         FROM alert a LEFT JOIN alert_delivery d ON d.alert_id = a.id
        ${after ? 'WHERE (a.created_at, a.id) < ($2::timestamptz, $3::uuid)' : ''}
        GROUP BY a.id ORDER BY a.created_at DESC, a.id DESC LIMIT $1`,
      after ? [limit, after.at, after.id] : [limit],
    );
  }
}
