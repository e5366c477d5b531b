import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in answers GET /beta/live/congresstrading. */
export interface QuiverStandInOptions {
  /** The trades served with a 200 (default: none). */
  records?: unknown[];
  /** HTTP status (default 200). */
  status?: number;
  /** Raw body instead of `records`: a string is sent as is, anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Send the status and headers at once, the body this much later. */
  bodyDelayMs?: number;
  /** Never answer (the connection stays open until close()). */
  hang?: boolean;
  /** Destroy the connection without answering. */
  dropConnection?: boolean;
}

export interface QuiverRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  accept: string | undefined;
}

export interface QuiverStandIn {
  url: string;
  /** Every request received, in order. */
  requests: QuiverRequest[];
  /** Changes how later requests are answered. */
  set(options: QuiverStandInOptions): void;
  close(): Promise<void>;
}

/**
 * A stand-in for Quiver Quantitative's live congress-trading endpoint: a real HTTP server on
 * 127.0.0.1 with an ephemeral port. Accepts `startQuiverStandIn(records)` as a shorthand.
 */
export async function startQuiverStandIn(
  options: QuiverStandInOptions | unknown[] = {},
): Promise<QuiverStandIn> {
  let current: QuiverStandInOptions = Array.isArray(options) ? { records: options } : options;
  const requests: QuiverRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      accept: req.headers.accept,
    });
    const answer = current;
    if (answer.hang) return;
    if (answer.dropConnection) {
      req.socket.destroy();
      return;
    }
    const respond = () => send(res, answer, later);
    if (answer.delayMs) later(answer.delayMs, respond);
    else respond();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    set: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(
  res: ServerResponse,
  answer: QuiverStandInOptions,
  later: (ms: number, fn: () => void) => void,
): void {
  if (res.req.method !== 'GET' || res.req.url !== '/beta/live/congresstrading') {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not found."}');
    return;
  }
  const payload = answer.body !== undefined ? answer.body : (answer.records ?? []);
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
  if (answer.bodyDelayMs) {
    res.flushHeaders();
    later(answer.bodyDelayMs, () => res.end(body));
  } else {
    res.end(body);
  }
}
