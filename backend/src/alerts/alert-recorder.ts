import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../infra/config/app-config';
import { sqlRows } from '../infra/database/sql';
import type { RunAlert } from './alert';
import type { AlertChannel } from './alert.entity';
import { formatAlertMessage } from './alert-message';

/** The channels with a webhook URL configured, in a fixed order. */
export function configuredChannels(alerts: AppConfig['alerts']): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (alerts.larkWebhookUrl) channels.push('lark');
  if (alerts.slackWebhookUrl) channels.push('slack');
  if (alerts.webhookUrl) channels.push('webhook');
  return channels;
}

/**
 * Writes the alert (once per dedup key, ever) and one pending outbox row per configured channel, in
 * the caller's transaction: the event and its alert commit together or not at all. Returns whether
 * the alert is new (false: this dedup key was already recorded, nothing written).
 */
export async function recordAlert(
  manager: EntityManager,
  alerts: AppConfig['alerts'],
  alert: RunAlert,
): Promise<{ id: string; message: string } | null> {
  const message = formatAlertMessage(alerts.environment, alert);
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
  const id = rows[0]?.id;
  if (!id) return null;
  const channels = configuredChannels(alerts);
  if (channels.length) {
    await sqlRows(
      manager,
      `INSERT INTO alert_delivery (alert_id, channel) SELECT $1, unnest($2::text[])`,
      [id, channels],
    );
  }
  return { id, message };
}
