import { createHmac } from 'node:crypto';
import { AppConfig } from '../infra/config/app-config';
import {
  acceptance,
  channelRequest,
  larkSignature,
  redactUrl,
  type OutgoingAlert,
} from './alert-channels';
import { backoffMs, DEFAULT_DELIVERY_POLICY } from './alert-delivery.worker';
import { formatAlertMessage } from './alert-message';

const alert: OutgoingAlert = {
  id: '6f1c7a52-0000-4000-8000-000000000001',
  kind: 'run_failed',
  severity: 'critical',
  tradingDay: '2026-11-23',
  message: '[production] Daily run FAILED — trading day 2026-11-23\nboom\nFirst: look.',
  payload: { runId: 'r1' },
  createdAt: '2026-11-23T15:00:00.000Z',
};
const config = AppConfig.fromEnv({
  ALERT_ENVIRONMENT: 'production',
  ALERT_LARK_WEBHOOK_URL: 'https://open.larksuite.com/open-apis/bot/v2/hook/abc-token',
  ALERT_LARK_SECRET: 'lark-secret',
  ALERT_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/slack-token',
  ALERT_WEBHOOK_URL: 'https://example.com/hook?token=generic-token',
}).alerts;

describe('alert channels', () => {
  it('signs Lark messages as Lark documents it: HMAC-SHA256 keyed "timestamp\\nsecret" over nothing, base64', () => {
    // Computed independently of the implementation, as Lark's own samples do.
    const expected = createHmac('sha256', '1700000000\nlark-secret').digest('base64');
    expect(larkSignature('1700000000', 'lark-secret')).toBe(expected);
    const request = channelRequest('lark', alert, config, new Date(1_700_000_000_500))!;
    expect(JSON.parse(request.body)).toEqual({
      msg_type: 'text',
      content: { text: alert.message },
      timestamp: '1700000000',
      sign: expected,
    });
  });

  it('sends Lark unsigned when no secret is configured', () => {
    const request = channelRequest('lark', alert, { ...config, larkSecret: undefined })!;
    expect(JSON.parse(request.body)).toEqual({
      msg_type: 'text',
      content: { text: alert.message },
    });
  });

  it('builds a Slack message with the full text as its fallback', () => {
    const body = JSON.parse(channelRequest('slack', alert, config)!.body);
    expect(body.text).toBe(alert.message);
    expect(body.blocks[0].text.text).toContain('*[production] Daily run FAILED');
  });

  it('builds the generic webhook body with an idempotency key', () => {
    const request = channelRequest('webhook', alert, config)!;
    expect(request.headers['Idempotency-Key']).toBe(alert.id);
    expect(JSON.parse(request.body)).toEqual({
      id: alert.id,
      kind: 'run_failed',
      severity: 'critical',
      environment: 'production',
      tradingDay: '2026-11-23',
      message: alert.message,
      details: { runId: 'r1' },
      createdAt: alert.createdAt,
    });
  });

  it('returns null for a channel that is not configured', () => {
    expect(channelRequest('slack', alert, { ...config, slackWebhookUrl: undefined })).toBeNull();
  });

  it.each([
    ['slack', 200, 'ok', null],
    ['slack', 404, 'no_service', 'HTTP 404: no_service'],
    ['lark', 200, '{"code":0,"msg":"success"}', null],
    ['lark', 200, '{"StatusCode":0}', null],
    ['lark', 200, '{"code":19021,"msg":"sign match fail"}', 'Lark code 19021: sign match fail'],
    ['lark', 200, '<html>', 'Lark answered 200 with a body that is not JSON'],
    ['webhook', 503, 'down', 'HTTP 503: down'],
  ] as const)('%s answering %i %s is %s', (channel, status, body, expected) => {
    expect(acceptance(channel, status, body)).toBe(expected);
  });

  it('never lets a webhook URL through in an error text', () => {
    const url = 'https://hooks.slack.com/services/T0/B0/slack-token';
    expect(redactUrl(`request to ${url} failed`, url)).toBe('request to <webhook url> failed');
    expect(redactUrl('GET /services/T0/B0/slack-token 404', url)).not.toContain('slack-token');
    const generic = 'https://example.com/hook?token=generic-token';
    expect(redactUrl('bad ?token=generic-token', generic)).not.toContain('generic-token');
  });
});

describe('delivery backoff', () => {
  it('doubles from 5 s with ±20 % jitter, capped at 10 minutes', () => {
    const at = (attempts: number, r: number) =>
      backoffMs(attempts, DEFAULT_DELIVERY_POLICY, () => r);
    expect(at(1, 0.5)).toBe(5_000);
    expect(at(2, 0.5)).toBe(10_000);
    expect(at(3, 0.5)).toBe(20_000);
    expect(at(20, 0.5)).toBe(600_000);
    expect(at(1, 0)).toBe(4_000);
    expect(at(1, 1)).toBe(6_000);
  });

  it('gives up after about three hours', () => {
    let total = 0;
    for (let attempt = 1; attempt < DEFAULT_DELIVERY_POLICY.maxAttempts; attempt += 1)
      total += backoffMs(attempt, DEFAULT_DELIVERY_POLICY, () => 0.5);
    expect(total / 3_600_000).toBeGreaterThan(2.5);
    expect(total / 3_600_000).toBeLessThan(4);
  });
});

describe('alert text', () => {
  it('names the environment, the trading day, what happened and the first step', () => {
    expect(
      formatAlertMessage('staging', {
        kind: 'run_missed',
        tradingDay: '2026-11-23',
        summary: 'No successful run on 2026-11-23.',
      }).split('\n'),
    ).toEqual([
      '[staging] Daily run MISSED — trading day 2026-11-23',
      'No successful run on 2026-11-23.',
      expect.stringMatching(/^First: check the worker is up/),
      'Runbook: docs/operations.md#run_missed',
    ]);
  });
});
