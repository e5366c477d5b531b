import type { AppConfig } from '../infra/config/app-config';
import { sendDirectAlert } from './boot-alert';

export interface CrashHandlerOptions {
  alerts: AppConfig['alerts'];
  /** Values replaced by [redacted] in the alert and the log line (AppConfig.secretValues). */
  secretValues: readonly string[];
  /** The whole budget for delivering the alert; the process exits 1 by then whatever happens. */
  deadlineMs?: number;
}

export const CRASH_ALERT_DEADLINE_MS = 5_000;

/**
 * process_crashed: after boot, an uncaught exception or unhandled rejection leaves the process in
 * an unknown state. It is logged (one fatal JSON line), sent straight to every alert channel — not
 * through the outbox, whose worker lives in this very process — within `deadlineMs`, and the
 * process exits 1 so Railway restarts it. A run it interrupted is resumed by the next trigger once
 * its heartbeat is stale. A second crash while this runs changes nothing: the exit is already due.
 */
export function installCrashHandlers(options: CrashHandlerOptions): void {
  const deadlineMs = options.deadlineMs ?? CRASH_ALERT_DEADLINE_MS;
  let crashing = false;
  const redact = (text: string) =>
    options.secretValues.reduce((out, secret) => out.split(secret).join('[redacted]'), text);

  const crash = (origin: 'uncaughtException' | 'unhandledRejection', reason: unknown) => {
    if (crashing) return;
    crashing = true;
    // Hard bound: exit even if a channel hangs past its own timeout.
    setTimeout(() => process.exit(1), deadlineMs + 1_000);
    const error = reason instanceof Error ? reason : new Error(String(reason));
    const what = redact(`${error.name}: ${error.message}`).slice(0, 500);
    process.stderr.write(
      JSON.stringify({
        level: 'fatal',
        time: new Date().toISOString(),
        message: `process crashed (${origin}): ${what}`,
        stack: redact(error.stack ?? '').slice(0, 4_000),
      }) + '\n',
    );
    void sendDirectAlert(
      options.alerts,
      'process_crashed',
      `${origin}: ${what}. The process exits; Railway restarts it.`,
      deadlineMs,
    )
      .then(({ sent, failed }) => {
        if (sent.length || Object.keys(failed).length)
          process.stderr.write(
            JSON.stringify({
              level: 'fatal',
              time: new Date().toISOString(),
              message: `process_crashed alert: sent to ${sent.join(', ') || 'no channel'}`,
              failed,
            }) + '\n',
          );
      })
      .finally(() => process.exit(1));
  };

  process.on('uncaughtException', (error) => crash('uncaughtException', error));
  process.on('unhandledRejection', (reason) => crash('unhandledRejection', reason));
}
