import type { Logger } from 'pino';
import type { AppConfig } from '../infra/config/app-config';

/** Exit codes of `openbell` (docs/operations.md). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  skipped: 2,
  usage: 64,
  config: 78,
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CommandContext {
  config: AppConfig;
  logger: Logger;
  /** Human-readable output (stdout); logs go to stderr so output can be piped. */
  out: (line: string) => void;
  stdin: NodeJS.ReadableStream;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** parseArgs option spec; unknown options are a usage error. */
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(values: Record<string, string | boolean | undefined>, ctx: CommandContext): Promise<number>;
}
