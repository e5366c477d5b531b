import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { AppConfig } from '../../src/infra/config/app-config';
import {
  HeartbeatClient,
  redactHeartbeatUrl,
  signalForAttempt,
} from '../../src/heartbeat/heartbeat.client';

const TOKEN = '5b1d8c7e-secret-check-token';

describe('HeartbeatClient', () => {
  let server: Server;
  let status = 200;
  let base: string;
  let warnings: string[];

  beforeEach(async () => {
    status = 200;
    warnings = [];
    jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation((message: unknown) => void warnings.push(String(message)));
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(status).end('OK'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = (url: string | undefined) =>
    new HeartbeatClient(AppConfig.fromEnv(url ? { HEARTBEAT_URL: url } : {}));

  it('without HEARTBEAT_URL: disabled, sends nothing', async () => {
    expect(client(undefined).enabled).toBe(false);
    await expect(client(undefined).ping('fail')).resolves.toBe(false);
    expect(warnings).toEqual([]);
  });

  it('a refused ping is logged with the origin only, never the token', async () => {
    status = 503;
    await expect(client(`${base}/ping/${TOKEN}`).ping('fail', 'x')).resolves.toBe(false);
    expect(warnings).toEqual([`heartbeat fail to ${base}/[redacted]: HTTP 503`]);
  });

  it('an unreachable service is logged with the origin only, never the token', async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server = createServer(); // closed again in afterEach
    server.listen(0, '127.0.0.1');
    await expect(client(`${base}/ping/${TOKEN}`).ping('ok')).resolves.toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^heartbeat ok to ${base}/\\[redacted\\] failed`));
    expect(warnings.join('')).not.toContain(TOKEN);
  });

  it('HEARTBEAT_URL is a secret: a bad value is reported without its value', () => {
    expect(() => AppConfig.fromEnv({ HEARTBEAT_URL: `ftp://x/${TOKEN}` })).toThrow(
      /HEARTBEAT_URL must be an http\(s\) URL \(value hidden\)/,
    );
  });

  it('redacts everything after the origin', () => {
    expect(redactHeartbeatUrl(`https://hc-ping.com/${TOKEN}?x=1`)).toBe(
      'https://hc-ping.com/[redacted]',
    );
    expect(redactHeartbeatUrl('not a url')).toBe('[redacted]');
  });

  it('only a failed attempt (or a thrown one) is a failure', () => {
    expect(signalForAttempt({ status: 'failed', reason: 'broker 503' })).toEqual({
      signal: 'fail',
      detail: 'daily attempt: failed (broker 503)',
    });
    for (const status of ['succeeded', 'partial', 'skipped'])
      expect(signalForAttempt({ status, reason: null }).signal).toBe('ok');
    expect(signalForAttempt(new TypeError('boom')).signal).toBe('fail');
  });
});
