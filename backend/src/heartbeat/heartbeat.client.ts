import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';

/** What a ping says: alive/success (the check's base URL) or failure (`<url>/fail`). */
export type HeartbeatSignal = 'ok' | 'fail';

/** How long one ping may take: a slow monitoring service never holds up the worker. */
export const HEARTBEAT_TIMEOUT_MS = 5_000;

/**
 * The dead man's switch client (HEARTBEAT_URL, the healthchecks.io / Cronitor / Better Stack
 * convention): GET `<url>` says "alive" or "this attempt went fine", GET `<url>/fail` says "this
 * attempt failed". The external service alerts when pings stop, which is the one signal that still
 * arrives when every worker is down or crash-looping. The URL usually embeds the check's token,
 * so it is never logged: logs show its origin and `/[redacted]`.
 */
@Injectable()
export class HeartbeatClient {
  private readonly logger = new Logger('Heartbeat');

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.heartbeat.url);
  }

  /** Resolves once the ping was answered, failed or timed out; never throws. True when accepted. */
  async ping(signal: HeartbeatSignal, detail?: string): Promise<boolean> {
    const base = this.config.heartbeat.url;
    if (!base) return false;
    const url = signal === 'fail' ? `${base.replace(/\/+$/, '')}/fail` : base;
    try {
      // POST with a short body where the service shows it (healthchecks.io keeps the last ones).
      const response = await fetch(url, {
        method: detail === undefined ? 'GET' : 'POST',
        body: detail,
        headers: detail === undefined ? undefined : { 'Content-Type': 'text/plain' },
        signal: AbortSignal.timeout(HEARTBEAT_TIMEOUT_MS),
        redirect: 'follow',
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) {
        this.logger.warn(
          `heartbeat ${signal} to ${redactHeartbeatUrl(base)}: HTTP ${response.status}`,
        );
        return false;
      }
      return true;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const name = error instanceof Error ? error.name : 'Error';
      this.logger.warn(
        `heartbeat ${signal} to ${redactHeartbeatUrl(base)} failed: ${name}${cause ? ` (${cause})` : ''}`,
      );
      return false;
    }
  }
}

/** `https://hc-ping.com/<uuid>` → `https://hc-ping.com/[redacted]`: the origin says which service. */
export function redactHeartbeatUrl(url: string): string {
  try {
    return `${new URL(url).origin}/[redacted]`;
  } catch {
    return '[redacted]';
  }
}

/** The heartbeat signal of a daily attempt: only a `failed` run (or a thrown attempt) is a failure. */
export function signalForAttempt(outcome: unknown): { signal: HeartbeatSignal; detail: string } {
  if (outcome instanceof Error) return { signal: 'fail', detail: `attempt threw: ${outcome.name}` };
  const status =
    outcome && typeof outcome === 'object' && 'status' in outcome
      ? String((outcome as { status: unknown }).status)
      : 'unknown';
  const reason =
    outcome && typeof outcome === 'object' && 'reason' in outcome
      ? String((outcome as { reason: unknown }).reason ?? '')
      : '';
  const detail = `daily attempt: ${status}${reason ? ` (${reason.slice(0, 200)})` : ''}`;
  return { signal: status === 'failed' ? 'fail' : 'ok', detail };
}
