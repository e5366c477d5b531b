import { parseArgs } from 'node:util';
import { errorText } from '../infra/error-text';
import { startSandboxServer, type RunningSandbox } from './http-server';
import type { SandboxOptions } from './sandbox-state';

export const SANDBOX_USAGE = `Usage: node backend/sandbox/main.ts [options]   (after npm run build -w backend)

An Alpaca-compatible trading API on this machine (see docs/broker.md).

  --port N            port to listen on (default: $SANDBOX_PORT or 4010; 0 = any free port)
  --host H            interface (default 127.0.0.1)
  --mode M            nyse (real NYSE hours and holidays, default) or always-open (demo)
  --clock ISO         fix the sandbox clock at this instant (default: the host clock)
  --rate-limit N      requests per minute before 429 (default 10000)
  --latency-ms N      added to every answer (default 0)
  --fill-delay-ms N   orders stay accepted this long before filling (default 0)
  --cash D            starting cash, decimal (default 100000)
  -h, --help          this text`;

export class SandboxUsageError extends Error {
  override name = 'SandboxUsageError';
}

/** CLI arguments (and SANDBOX_PORT / SANDBOX_MODE from the given environment) → sandbox options. */
export function parseSandboxArgs(
  argv: string[],
  env: Record<string, string | undefined> = {},
): SandboxOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        mode: { type: 'string' },
        clock: { type: 'string' },
        'rate-limit': { type: 'string' },
        'latency-ms': { type: 'string' },
        'fill-delay-ms': { type: 'string' },
        cash: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new SandboxUsageError(errorText(error));
  }
  if (parsed.help) return 'help';
  const integer = (name: string, raw: string | undefined, fallback: number, max: number) => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > max)
      throw new SandboxUsageError(`--${name} must be an integer from 0 to ${max}, got "${raw}"`);
    return value;
  };
  const mode = parsed.mode ?? env.SANDBOX_MODE ?? 'nyse';
  if (mode !== 'nyse' && mode !== 'always-open')
    throw new SandboxUsageError(`--mode must be nyse or always-open, got "${mode}"`);
  if (parsed.clock !== undefined && Number.isNaN(Date.parse(parsed.clock)))
    throw new SandboxUsageError(`--clock must be an ISO instant, got "${parsed.clock}"`);
  if (parsed.cash !== undefined && !/^\d+(\.\d{1,2})?$/.test(parsed.cash))
    throw new SandboxUsageError(`--cash must be a decimal amount, got "${parsed.cash}"`);
  const rateLimit = integer('rate-limit', parsed['rate-limit'], 10_000, 1_000_000);
  if (rateLimit < 1) throw new SandboxUsageError('--rate-limit must be at least 1');
  return {
    port: integer('port', parsed.port ?? env.SANDBOX_PORT, 4010, 65_535),
    host: parsed.host ?? '127.0.0.1',
    mode,
    rateLimitPerMinute: rateLimit,
    latencyMs: integer('latency-ms', parsed['latency-ms'], 0, 600_000),
    fillDelayMs: integer('fill-delay-ms', parsed['fill-delay-ms'], 0, 86_400_000),
    ...(parsed.cash !== undefined ? { cash: parsed.cash } : {}),
    ...(parsed.clock !== undefined ? { clock: { at: parsed.clock } } : {}),
  };
}

/**
 * The standalone sandbox (backend/sandbox/main.ts): starts it, prints where it listens, stops on
 * SIGINT/SIGTERM. Returns the exit code for usage errors, or the running sandbox.
 */
export async function runSandboxCli(
  argv: string[],
  env: Record<string, string | undefined>,
  out: { log: (line: string) => void; error: (line: string) => void } = console,
): Promise<RunningSandbox | number> {
  let options: SandboxOptions | 'help';
  try {
    options = parseSandboxArgs(argv, env);
  } catch (error) {
    if (!(error instanceof SandboxUsageError)) throw error;
    out.error(`${error.message}\n\n${SANDBOX_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    out.log(SANDBOX_USAGE);
    return 0;
  }
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandboxServer(options);
  } catch (error) {
    // A taken port, say: the message, never a stack.
    out.error(`sandbox: could not start: ${errorText(error)}`);
    return 1;
  }
  out.log(
    `Alpaca-compatible sandbox (${options.mode} mode) listening on ${sandbox.url}\n` +
      `  ALPACA_BASE_URL=${sandbox.url}  (any non-empty APCA-API-KEY-ID / APCA-API-SECRET-KEY)`,
  );
  return sandbox;
}
