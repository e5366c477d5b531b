import { parseArgs } from 'node:util';
import pino from 'pino';
import { AppConfig, ConfigError } from '../infra/config/app-config';
import { createLogger } from '../infra/logging/logger';
import { ExitCode, UsageError, type Command } from './command';
import { errorText } from '../infra/error-text';

export function usage(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'Usage: npm run openbell -- <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 failed, 2 skipped (run), 64 usage error, 78 bad configuration.',
    'Configuration comes from the same environment variables as the service (docs/configuration.md).',
  ].join('\n');
}

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
}

/** Runs one command; returns the exit code. Never throws for user error. */
export async function runCli(argv: string[], commands: Command[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? io.stdout : io.stderr)(usage(commands) + '\n');
    return name ? ExitCode.ok : ExitCode.usage;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`openbell: unknown command "${name}"\n\n${usage(commands)}\n`);
    return ExitCode.usage;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: command.options,
      strict: true,
      allowPositionals: false,
    }).values as typeof values;
  } catch (error) {
    io.stderr(`openbell ${name}: ${(error as Error).message}\nUsage: ${command.usage}\n`);
    return ExitCode.usage;
  }
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`openbell ${name}: ${error.message}\n`);
      return ExitCode.config;
    }
    throw error;
  }
  // Logs go to stderr as JSON lines (pretty at a terminal); stdout carries the command's output.
  const logger = createLogger(config, process.stderr.isTTY ? undefined : pino.destination(2));
  try {
    return await command.run(values, {
      config,
      logger,
      out: (line) => io.stdout(line + '\n'),
      stdin: io.stdin,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`openbell ${name}: ${error.message}\nUsage: ${command.usage}\n`);
      return ExitCode.usage;
    }
    const message = errorText(error);
    io.stderr(`openbell ${name}: failed: ${message}\n`);
    return ExitCode.failed;
  }
}
