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

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id of a request: `x-request-id`, else Railway's, else a new UUID; echoed back. */
export function requestIdFor(req: IncomingMessage, res?: ServerResponse): string {
  const candidates = [req.headers['x-request-id'], req.headers['x-railway-request-id']];
  let id = candidates
    .map((c) => (Array.isArray(c) ? c[0] : c))
    .find((c): c is string => !!c && REQUEST_ID.test(c));
  id ??= randomUUID();
  res?.setHeader('x-request-id', id);
  return id;
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
