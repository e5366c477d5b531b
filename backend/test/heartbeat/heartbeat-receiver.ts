import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Ping {
  method: string;
  path: string;
  body: string;
}

/** A local stand-in for healthchecks.io and the like on 127.0.0.1: records every ping, answers 200. */
export class HeartbeatReceiver {
  readonly pings: Ping[] = [];
  /** Answer every ping with this status instead (the monitoring service is down), when set. */
  failWith: number | null = null;
  private server: Server | null = null;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        this.pings.push({ method: req.method ?? '', path: req.url ?? '/', body });
        res.writeHead(this.failWith ?? 200, { 'Content-Type': 'text/plain' }).end('OK');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
