import { createHmac } from 'node:crypto';
import type { AppConfig } from '../infra/config/app-config';
import type { AlertChannel, AlertSeverity } from './alert.entity';
import { larkDailySummary, slackDailySummary } from './daily-summary.format';
import { errorText } from '../infra/error-text';

/** An alert as the channels see it (one outbox row's alert). */
export interface OutgoingAlert {
  id: string;
  kind: string;
  severity: AlertSeverity;
  tradingDay: string | null;
  /** The full text: environment, trading day, what happened, the first thing to do. */
  message: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface ChannelRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Lark custom-bot signature: HMAC-SHA256 keyed with "timestamp\nsecret" over an empty message,
 * base64 (Lark's custom bot "signature verification" security setting). The timestamp is in
 * seconds and must be within an hour of Lark's clock.
 */
export function larkSignature(timestampSeconds: string, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

const SEVERITY_ICON: Record<AlertSeverity, string> = {
  critical: ':rotating_light:',
  warning: ':warning:',
  info: ':information_source:',
};

/** The HTTP request that delivers `alert` to `channel`, or null when the channel is not configured. */
export function channelRequest(
  channel: AlertChannel,
  alert: OutgoingAlert,
  config: AppConfig['alerts'],
  now: Date = new Date(),
): ChannelRequest | null {
  const json = { 'Content-Type': 'application/json; charset=utf-8' };
  switch (channel) {
    case 'lark': {
      if (!config.larkWebhookUrl) return null;
      const body: Record<string, unknown> =
        alert.kind === 'daily_summary'
          ? larkDailySummary(alert)
          : { msg_type: 'text', content: { text: alert.message } };
      if (config.larkSecret) {
        const timestamp = String(Math.floor(now.getTime() / 1000));
        body.timestamp = timestamp;
        body.sign = larkSignature(timestamp, config.larkSecret);
      }
      return { url: config.larkWebhookUrl, headers: json, body: JSON.stringify(body) };
    }
    case 'slack': {
      if (!config.slackWebhookUrl) return null;
      const [headline, ...rest] = alert.message.split('\n');
      if (alert.kind === 'daily_summary')
        return {
          url: config.slackWebhookUrl,
          headers: json,
          body: JSON.stringify(slackDailySummary(alert)),
        };
      return {
        url: config.slackWebhookUrl,
        headers: json,
        body: JSON.stringify({
          text: alert.message,
          blocks: [
            {
              type: 'section',
              text: { type: 'mrkdwn', text: `${SEVERITY_ICON[alert.severity]} *${headline}*` },
            },
            { type: 'section', text: { type: 'plain_text', text: rest.join('\n') || ' ' } },
          ],
        }),
      };
    }
    case 'webhook': {
      if (!config.webhookUrl) return null;
      return {
        url: config.webhookUrl,
        // The receiver de-duplicates on this: a retry after a lost answer carries the same key.
        headers: { ...json, 'Idempotency-Key': alert.id, 'X-Openbell-Alert-Id': alert.id },
        body: JSON.stringify({
          id: alert.id,
          kind: alert.kind,
          severity: alert.severity,
          environment: config.environment,
          tradingDay: alert.tradingDay,
          message: alert.message,
          details: alert.payload,
          createdAt: alert.createdAt,
        }),
      };
    }
  }
}

/**
 * Whether the channel accepted the message. Slack and the generic webhook: any 2xx. Lark answers
 * 200 even for a bad signature or payload, with a non-zero `code` in the body.
 */
export function acceptance(channel: AlertChannel, status: number, body: string): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}: ${body.slice(0, 200)}`;
  if (channel !== 'lark') return null;
  try {
    const parsed = JSON.parse(body) as { code?: number; StatusCode?: number; msg?: string };
    const code = parsed.code ?? parsed.StatusCode ?? 0;
    return code === 0 ? null : `Lark code ${code}: ${String(parsed.msg ?? '').slice(0, 200)}`;
  } catch {
    return `Lark answered ${status} with a body that is not JSON`;
  }
}

/** An error text fit for the outbox and the logs: the webhook URL (a secret) never appears in it. */
export function redactUrl(text: string, url: string): string {
  let out = text.split(url).join('<webhook url>');
  try {
    const { pathname, search } = new URL(url);
    if (pathname.length > 1) out = out.split(pathname).join('/<redacted>');
    if (search) out = out.split(search).join('?<redacted>');
  } catch {
    /* not a URL: nothing more to hide */
  }
  return out;
}

/** POSTs one request with a deadline; resolves to null when accepted, else the reason. */
export async function sendChannelRequest(
  channel: AlertChannel,
  request: ChannelRequest,
  timeoutMs: number,
): Promise<string | null> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    const text = await response.text();
    const refused = acceptance(channel, response.status, text);
    return refused ? redactUrl(refused, request.url) : null;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const message = errorText(error);
    const detail = cause?.code ?? cause?.message;
    return redactUrl(detail ? `${message} (${detail})` : message, request.url);
  }
}
