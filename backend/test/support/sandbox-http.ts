import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import type { SandboxOptions } from '../../src/sandbox/sandbox-state';

/** Key headers the sandbox accepts by default (any non-empty pair). */
export const KEYS = { 'APCA-API-KEY-ID': 'k', 'APCA-API-SECRET-KEY': 's' };
export const OPEN = '2026-11-23T15:00:00Z'; // Monday 10:00 New York
export const BEFORE_OPEN = '2026-11-23T12:00:00Z'; // Monday 07:00 New York

/** Raw HTTP against the sandbox (the client's own tests go through AlpacaClient). */
export function api(sandbox: RunningSandbox) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = KEYS,
  ) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown) => call('POST', path, body),
    del: (path: string) => call('DELETE', path),
  };
}

/** A valid POST /v2/orders body: a $600 notional market buy of SPY, with a fresh client_order_id. */
export const order = (overrides: Record<string, unknown> = {}) => ({
  symbol: 'SPY',
  side: 'buy',
  type: 'market',
  time_in_force: 'day',
  notional: '600.00',
  client_order_id: `o-${Math.random().toString(36).slice(2)}`,
  ...overrides,
});

/**
 * A sandbox per test, closed after each (call inside a describe): `start` opens one (its clock at
 * OPEN unless the options say otherwise) and returns the raw HTTP helper; `sandbox` is the one the
 * running test started.
 */
export function sandboxPerTest() {
  let current: RunningSandbox | undefined;
  afterEach(() => current?.close());
  return {
    start: async (options: SandboxOptions = {}) => {
      current = await startSandboxServer({ clock: { at: OPEN }, ...options });
      return api(current);
    },
    get sandbox(): RunningSandbox {
      if (!current) throw new Error('no sandbox started in this test');
      return current;
    },
  };
}
