import 'reflect-metadata';
import { boot } from './bootstrap';
import { AppConfig, ConfigError } from './infra/config/app-config';
import { MigrationError } from './infra/database/migrator';

/** One JSON line on stderr, for failures before the logger exists (Railway reads `level`/`message`). */
function fatal(message: string, extra: Record<string, unknown> = {}): void {
  process.stderr.write(
    JSON.stringify({ level: 'fatal', time: new Date().toISOString(), message, ...extra }) + '\n',
  );
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      fatal(error.message, { variables: error.problems.map((p) => p.variable) });
      process.exit(1);
    }
    throw error;
  }

  let running: Awaited<ReturnType<typeof boot>>;
  try {
    running = await boot({ config });
  } catch (error) {
    if (error instanceof MigrationError) {
      fatal(`boot stopped: ${error.message}`, { migration: error.migration });
    } else {
      fatal(`boot stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  }

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
