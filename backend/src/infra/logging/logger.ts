import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/app-config';

/** Paths pino censors in every line, besides every secret variable's value (see `scrub`). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["apca-api-key-id"]',
  'req.headers["apca-api-secret-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.password_hash',
  '*.accessToken',
  '*.token',
  '*.secret',
];

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id a client (or Railway's edge) sent in `x-request-id` / `x-railway-request-id`, when
 * well-formed: kept as a correlation id only. It is never the request id, never part of an alert's
 * dedup key: a client could otherwise reuse an earlier id to make its event look like a repeat.
 */
export function correlationIdFor(req: IncomingMessage): string | null {
  const candidates = [req.headers['x-request-id'], req.headers['x-railway-request-id']];
  return (
    candidates
      .map((c) => (Array.isArray(c) ? c[0] : c))
      .find((c): c is string => !!c && CORRELATION_ID.test(c)) ?? null
  );
}

/**
 * The request id: always generated here (a UUID), echoed as `x-request-id`; the client's own id,
 * if any, is echoed back as `x-correlation-id`.
 */
export function requestIdFor(req: IncomingMessage, res?: ServerResponse): string {
  const id = randomUUID();
  const correlationId = correlationIdFor(req);
  if (res && !res.headersSent) {
    res.setHeader('x-request-id', id);
    if (correlationId) res.setHeader('x-correlation-id', correlationId);
  }
  return id;
}

/** Query parameters whose values never reach a log line: anything token-, key-, secret- or password-like. */
const SENSITIVE_PARAMETER = /token|key|secret|passw|pwd|auth|signature|credential|session|code/i;

/** The URL with sensitive query values replaced by `[redacted]` (names kept: they help debugging). */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const query = url
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        /* keep it raw */
      }
      return eq >= 0 && SENSITIVE_PARAMETER.test(name) ? `${rawName}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, question)}?${query}`;
}

/** Replaces every occurrence of a secret's value in a serialised line. */
export function scrubber(secrets: string[]): (line: string) => string {
  const values = [...new Set(secrets)]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (line) => line;
  const escape = (s: string) =>
    JSON.stringify(s)
      .slice(1, -1)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(values.map(escape).join('|'), 'g');
  return (line) => line.replace(pattern, '[redacted]');
}

/**
 * One JSON line per event with `message` and a string `level` (what Railway's log explorer reads);
 * pretty output only for a person at a terminal (or LOG_PRETTY=true) outside production.
 */
export function createLogger(
  config: Pick<AppConfig, 'log' | 'secretValues' | 'isProduction'>,
  destination?: pino.DestinationStream,
): Logger {
  const pretty =
    !destination && !config.isProduction && (config.log.pretty || process.stdout.isTTY === true);
  const scrub = scrubber(config.secretValues);
  const options: pino.LoggerOptions = {
    level: config.log.level,
    messageKey: 'message',
    base: { service: 'openbell' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: scrub },
  };
  if (pretty) {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: {
          messageKey: 'message',
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,service',
        },
      },
    });
  }
  return destination ? pino(options, destination) : pino(options);
}
