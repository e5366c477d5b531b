import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import { HttpException, type INestApplication } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { RequestHandler } from 'express';
import { requestIdFor } from '../infra/logging/logger';
import { HealthController } from './health.controller';

type Probe = 'live' | 'ready';
/** The probes answered ahead of the pipeline: exact paths only (a query string takes the full path). */
const FAST_PROBES = new Map<string, Probe>([
  ['/health/live', 'live'],
  ['/health/ready', 'ready'],
]);

/**
 * The headers a middleware sets on every answer whatever the request (helmet's security headers),
 * read once by running it against a recording response.
 */
export function staticHeadersOf(middleware: RequestHandler): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  const recorder = {
    setHeader: (name: string, value: string | number | string[]) => {
      headers[name.toLowerCase()] = value;
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let passed = false;
  middleware(
    {} as Parameters<RequestHandler>[0],
    recorder as unknown as Parameters<RequestHandler>[1],
    () => (passed = true),
  );
  if (!passed) throw new Error('the middleware did not pass the request on synchronously');
  return headers;
}

/**
 * Railway's readiness probe and the liveness probe, answered before the request reaches express and
 * Nest: the full pipeline (express routing, CORS, body parsing, Nest's router, guards, the exception
 * filter) cost far more per probe than the answer itself, which is the same controller method
 * (`HealthController.live` / `.ready`) the route calls, so the JSON is the same terminus answer:
 * the database part cached 500 ms and coalesced, shutdown and the scheduler read on every probe.
 *
 * Taken here: GET and HEAD of exactly /health/live and /health/ready without an Origin header (a
 * browser's request keeps the CORS handling of the full pipeline). Everything else, and any probe
 * whose check fails in an unexpected way, goes to the application as before.
 * `headers` are the ones every answer of the pipeline carries on these paths (security headers,
 * CORS's Vary); the drift test compares both paths' answers.
 */
export function answerProbesFirst(app: INestApplication, headers: OutgoingHttpHeaders): void {
  const server = app.getHttpServer() as Server;
  const controller = app.get(HealthController);
  const pipeline = server.listeners('request') as ((
    req: IncomingMessage,
    res: ServerResponse,
  ) => void)[];
  const toPipeline = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of pipeline) listener.call(server, req, res);
  };
  const fixed: OutgoingHttpHeaders = {
    ...headers,
    // What terminus's @HealthCheck sets on the route.
    'cache-control': 'no-cache, no-store, must-revalidate',
    'content-type': 'application/json; charset=utf-8',
  };

  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const probe =
      (req.method === 'GET' || req.method === 'HEAD') && req.headers.origin === undefined
        ? FAST_PROBES.get(req.url ?? '')
        : undefined;
    if (probe === undefined) return toPipeline(req, res);
    // Asked inside a promise: even a synchronous throw falls back to the pipeline.
    answer(
      Promise.resolve().then(() => (probe === 'ready' ? controller.ready() : controller.live())),
      req,
      res,
      fixed,
    ).catch(() => toPipeline(req, res));
  });
}

async function answer(
  result: Promise<HealthCheckResult>,
  req: IncomingMessage,
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
): Promise<void> {
  let status = 200;
  let body: unknown;
  try {
    body = await result;
  } catch (error) {
    // terminus's 503 (its JSON as the body); anything else is the pipeline's to answer (caller).
    if (!(error instanceof HttpException)) throw error;
    status = error.getStatus();
    body = error.getResponse();
    // As the exception filter does for every error answer.
    requestIdFor(req, res);
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(req.method === 'HEAD' ? undefined : text);
}
