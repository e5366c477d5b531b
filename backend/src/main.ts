// First: the compile cache covers every module loaded after it.
import { saveCompileCache } from './infra/compile-cache';
import 'reflect-metadata';
import { sendBootFailedAlert } from './alerts/boot-alert';
import { installCrashHandlers } from './alerts/crash-alert';
import { boot } from './bootstrap';
import { AppConfig, ConfigError } from './infra/config/app-config';
import { MigrationError } from './infra/database/migrator';
import { errorText } from './infra/error-text';

/** One JSON line on stderr, for failures before the logger exists (Railway reads `level`/`message`). */
function fatal(message: string, extra: Record<string, unknown> = {}): void {
  process.stderr.write(
    JSON.stringify({ level: 'fatal', time: new Date().toISOString(), message, ...extra }) + '\n',
  );
}

/** boot_failed to the configured alert channels (bounded time), then exit 1. */
async function exitBootFailed(alerts: AppConfig['alerts'], summary: string): Promise<never> {
  const { sent, failed } = await sendBootFailedAlert(alerts, summary);
  if (sent.length || Object.keys(failed).length)
    fatal(`boot_failed alert: sent to ${sent.join(', ') || 'no channel'}`, { failed });
  process.exit(1);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      fatal(error.message, { variables: error.problems.map((p) => p.variable) });
      // Names the variables only: a value (possibly a secret) never leaves the process.
      await exitBootFailed(
        AppConfig.alertsFromEnv(),
        `Invalid configuration: ${error.problems.map((p) => p.variable).join(', ')}. Boot stopped.`,
      );
    }
    throw error;
  }

  let running: Awaited<ReturnType<typeof boot>>;
  try {
    running = await boot({ config });
  } catch (error) {
    const message = errorText(error);
    if (error instanceof MigrationError) {
      fatal(`boot stopped: ${message}`, { migration: error.migration });
    } else {
      fatal(`boot stopped: ${message}`);
    }
    const shown = config.secretValues.reduce(
      (text, secret) => text.split(secret).join('[redacted]'),
      message.slice(0, 500),
    );
    await exitBootFailed(config.alerts, `Boot stopped: ${shown}`);
  }

  saveCompileCache();

  // From here on a crash alerts process_crashed (bounded), then exits 1 for Railway to restart.
  installCrashHandlers({ alerts: config.alerts, secretValues: config.secretValues });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running
        .shutdown(signal)
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          fatal(`shutdown failed: ${String(error)}`);
          process.exit(1);
        });
    });
  }
}

void main();
