import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../infra/config/app-config';
import { formatAlertMessage, type AlertKind } from './alert-message';
import { channelRequest, sendChannelRequest } from './alert-channels';
import { configuredChannels } from './alert-recorder';

/**
 * boot_failed: sent straight to every configured channel (the database may be the thing that is
 * down, so there is no outbox), all at once, within `deadlineMs` in total, before the process
 * exits 1. Resolves to the channels that accepted it; never throws.
 */
export function sendBootFailedAlert(
  alerts: AppConfig['alerts'],
  summary: string,
  deadlineMs = 5_000,
): Promise<{ sent: string[]; failed: Record<string, string> }> {
  return sendDirectAlert(alerts, 'boot_failed', summary, deadlineMs);
}

/**
 * A critical alert sent straight to every channel, without the outbox (boot_failed before the
 * database is known to work, process_crashed while the process is going down, backup_failed from
 * the backup cron job, which has no outbox of its own). Never throws.
 */
export async function sendDirectAlert(
  alerts: AppConfig['alerts'],
  kind: Extract<AlertKind, 'boot_failed' | 'process_crashed' | 'backup_failed'>,
  summary: string,
  deadlineMs: number,
): Promise<{ sent: string[]; failed: Record<string, string> }> {
  const message = formatAlertMessage(alerts.environment, { kind, tradingDay: null, summary });
  const alert = {
    id: randomUUID(),
    kind,
    severity: 'critical' as const,
    tradingDay: null,
    message,
    payload: {},
    createdAt: new Date().toISOString(),
  };
  const result = { sent: [] as string[], failed: {} as Record<string, string> };
  await Promise.all(
    configuredChannels(alerts).map(async (channel) => {
      const request = channelRequest(channel, alert, alerts)!;
      const error = await sendChannelRequest(channel, request, deadlineMs);
      if (error) result.failed[channel] = error;
      else result.sent.push(channel);
    }),
  );
  return result;
}
