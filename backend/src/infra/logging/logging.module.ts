import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { correlationIdFor, redactUrl, requestIdFor } from './logger';

/** nestjs-pino over the process's one pino logger; health probes and metrics scrapes are not logged. */
export function loggingModule(logger: Logger): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger,
      genReqId: (req, res) => requestIdFor(req, res),
      customProps: (req) => {
        const correlationId = correlationIdFor(req);
        return correlationId ? { requestId: req.id, correlationId } : { requestId: req.id };
      },
      customSuccessMessage: (req, res, ms) =>
        `${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode} ${Math.round(ms)}ms`,
      customErrorMessage: (req, res) =>
        `${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode}`,
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: {
          id: string;
          method: string;
          url: string;
          headers: Record<string, unknown>;
          remoteAddress?: string;
        }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
          headers: {
            'user-agent': req.headers['user-agent'],
            authorization: req.headers['authorization'],
            cookie: req.headers['cookie'],
          },
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    exclude: [
      { method: RequestMethod.ALL, path: 'health/*path' },
      { method: RequestMethod.GET, path: 'metrics' },
    ],
  });
}
