import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QuiverStandIn {
  url: string;
  /** What each request carried (to check the bearer token). */
  requests: { path: string; authorization: string | undefined }[];
  set(response: { status?: number; body?: unknown; hang?: boolean }): void;
  close(): Promise<void>;
}

/** A stand-in for Quiver Quantitative's GET /beta/live/congresstrading, on 127.0.0.1. */
export async function startQuiverStandIn(initial: unknown[] = []): Promise<QuiverStandIn> {
  let response: { status?: number; body?: unknown; hang?: boolean } = {
    status: 200,
    body: initial,
  };
  const requests: QuiverStandIn['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    if (response.hang) return;
    if (req.url !== '/beta/live/congresstrading') {
      res.writeHead(404).end();
      return;
    }
    const body =
      typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? []);
    res.writeHead(response.status ?? 200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    set: (next) => (response = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
