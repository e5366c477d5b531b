import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorText } from '../infra/error-text';
import { alpacaRoute } from '../trading/broker/alpaca-routes';
import { ALPACA_CODES, AlpacaError } from './alpaca-errors';
import { SandboxControl } from './control';
import { answer } from './routes';
import { createSandboxState, type SandboxOptions, type SandboxState } from './sandbox-state';
import { appendBounded, type Arrival } from './traffic';

export interface RunningSandbox {
  url: string;
  port: number;
  /** The control surface: clock, mode, faults, rate limit, seeding, what was received. */
  control: SandboxControl;
  /** Stops listening and drops open connections (including requests held by a timeout fault). */
  close(): Promise<void>;
}

/**
 * Starts an Alpaca-compatible trading API on 127.0.0.1 (port 0 = any free port) for local runs and
 * tests: NYSE hours and holidays (or always open), account, assets, positions and orders with a
 * realistic life cycle, Alpaca's error codes, a rate limit with X-RateLimit-* headers, and
 * injectable faults, driven through `control`.
 */
export async function startSandboxServer(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const state = createSandboxState(options);
  const server = createServer((req, res) => {
    handle(state, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    control: new SandboxControl(state),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/**
 * One request: recorded as it arrives, then keys (401), the rate limit (429), a fault if one is
 * armed for its route, the route's answer, and the latency; recorded again once answered.
 */
async function handle(state: SandboxState, req: IncomingMessage, res: ServerResponse) {
  const { traffic, access } = state;
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const route = `${req.method} ${alpacaRoute(url.pathname)}`;
  const arrival: Arrival = { route, at: Date.now() };
  if (route === 'GET /v2/orders:by_client_order_id')
    arrival.clientOrderId = url.searchParams.get('client_order_id') ?? undefined;
  appendBounded(traffic.arrivals, arrival);
  traffic.processing++;
  let processed = false;
  const done = () => {
    if (!processed) traffic.processing--;
    processed = true;
  };
  const reply = async (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    done();
    if (access.latencyMs) await sleep(access.latencyMs);
    appendBounded(traffic.requests, { method: req.method ?? '', route, status, at: Date.now() });
    Object.assign(arrival, { status, answeredAt: Date.now() });
    if (res.destroyed) return;
    res.writeHead(status, {
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...state.rateLimit.headers(),
      ...headers,
    });
    res.end(payload === undefined ? undefined : JSON.stringify(payload));
  };
  const internalError = () =>
    reply(500, { code: ALPACA_CODES.internal, message: 'internal server error' });
  try {
    const body = await readBody(req);
    if (route === 'POST /v2/orders' && isRecord(body) && typeof body.client_order_id === 'string')
      arrival.clientOrderId = body.client_order_id;
    const credential = (name: string) => String(req.headers[name] ?? '').trim();
    const [keyId, secretKey] = [credential('apca-api-key-id'), credential('apca-api-secret-key')];
    const { keys } = access;
    if (!keyId || !secretKey || (keys && (keyId !== keys.keyId || secretKey !== keys.secretKey)))
      throw new AlpacaError(401, ALPACA_CODES.unauthorized, 'request is not authorized');
    if (state.rateLimit.exceeded()) {
      appendBounded(traffic.rateLimited, { route, at: Date.now() });
      return await reply(429, { code: ALPACA_CODES.rateLimited, message: 'rate limit exceeded' });
    }
    const fault = state.faults.take(route);
    if (fault) arrival.fault = fault.kind;
    switch (fault?.kind) {
      case 'timeout':
        return done(); // never answer; the client's timeout fires
      case 'delay':
        await sleep(fault.delayMs ?? 1000);
        break;
      case 'status-500':
        return await internalError();
      case 'status-503':
        return await reply(503, {
          code: ALPACA_CODES.unavailable,
          message: 'service unavailable',
        });
      case 'rate-limit': {
        const reset = Math.ceil(Date.now() / 1000) + (fault.resetInSeconds ?? 1);
        return await reply(
          429,
          { code: ALPACA_CODES.rateLimited, message: 'rate limit exceeded' },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        );
      }
    }
    const [status, payload] = answer(state, { route, url, body, arrival, fault });
    if (fault?.kind === 'accept-then-timeout') return done(); // processed; never answered
    // The request was processed (the order stored); the client hears a 500 and must look it up.
    if (fault?.kind === 'accept-then-fail') return await internalError();
    return await reply(status, payload);
  } catch (error) {
    if (route === 'POST /v2/orders') arrival.accepted ??= false;
    if (error instanceof AlpacaError)
      return reply(error.status, { code: error.code, message: error.message });
    return reply(500, { code: ALPACA_CODES.internal, message: errorText(error) });
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (req.method === 'GET' || req.method === 'DELETE') return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AlpacaError(400, ALPACA_CODES.malformed, 'malformed JSON body');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
