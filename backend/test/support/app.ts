import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import pino from 'pino';
import { boot, type BootOptions, type RunningApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/infra/config/app-config';
import { createLogger } from '../../src/infra/logging/logger';

/** Captures the app's JSON log lines so tests can assert on them. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get records(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export interface TestApp extends RunningApp {
  logs: { lines: string[]; records: Record<string, unknown>[] };
  config: AppConfig;
}

/** Boots the real app (real PostgreSQL at databaseUrl) on 127.0.0.1 and an ephemeral port. */
export async function bootTestApp(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: Omit<BootOptions, 'config' | 'logger' | 'host'> = {},
): Promise<TestApp> {
  const config = AppConfig.fromEnv({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    LOG_LEVEL: 'info',
    ...env,
  });
  const logs = new LogCapture();
  const logger = createLogger(config, pino.multistream([{ stream: logs }]));
  const running = await boot({ ...options, config, logger, host: '127.0.0.1' });
  return Object.assign(running, { logs, config });
}

/** Polls `probe` until it returns true or `timeoutMs` passes; returns the elapsed milliseconds. */
export async function waitFor(
  probe: () => Promise<boolean>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await probe().catch(() => false)) return Date.now() - start;
    await sleep(intervalMs);
  }
  throw new Error(`condition not met within ${timeoutMs}ms`);
}

/** waitFor for a value: polls `probe` until `ok(value)` holds, and returns that value. */
export async function waitForValue<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 10_000,
  intervalMs = 10,
): Promise<T> {
  let value!: T;
  await waitFor(async () => ok((value = await probe())), timeoutMs, intervalMs);
  return value;
}
