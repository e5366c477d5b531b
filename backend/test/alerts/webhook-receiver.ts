import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** Lark only: whether `sign` matched "timestamp\nsecret" (null when the message was unsigned). */
  signatureValid: boolean | null;
}

/**
 * A local stand-in for Lark, Slack and a generic webhook (paths /lark, /slack, /hook) on
 * 127.0.0.1. Lark answers like the real custom bot: HTTP 200 with `{code: 0}`, or a non-zero code
 * when the signature does not verify. `stop()` closes the port (the channel is down) and `start()`
 * opens the same port again.
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  /** Answer every request with this status instead (e.g. 503), when set. */
  failWith: number | null = null;
  /** Answer this much later (a slow channel). */
  delayMs = 0;
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly larkSecret?: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  on(path: string): ReceivedHook[] {
    return this.received.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => void setTimeout(() => answer(), this.delayMs));
      const answer = () => {
        if (this.failWith) {
          res.writeHead(this.failWith).end('unavailable');
          return;
        }
        const body = JSON.parse(raw) as Record<string, unknown>;
        const path = req.url ?? '/';
        let signatureValid: boolean | null = null;
        if (path === '/lark' && typeof body.sign === 'string') {
          const expected = createHmac('sha256', `${String(body.timestamp)}\n${this.larkSecret}`)
            .update('')
            .digest('base64');
          const age = Math.abs(Date.now() / 1000 - Number(body.timestamp));
          signatureValid = body.sign === expected && age < 3600;
        }
        this.received.push({ path, headers: req.headers, body, signatureValid });
        if (path === '/lark') {
          const ok = signatureValid !== false && (signatureValid === true || !this.larkSecret);
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(
            JSON.stringify(
              ok
                ? { code: 0, msg: 'success', data: {} }
                : {
                    code: 19021,
                    msg: 'sign match fail or timestamp is not within one hour from current time',
                  },
            ),
          );
        } else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      };
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
