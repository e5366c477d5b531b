import {
  ArgumentsHost,
  BadGatewayException,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { requestIdFor } from '../logging/logger';
import { RetryLaterException } from './retry-later.exception';

/** body-parser's error types (Nest wraps them in an HttpException whose `cause` is the original). */
const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Malformed JSON body',
  'entity.too.large': 'Request body too large (limit 100kb)',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'request.aborted': 'Request aborted',
  'request.size.invalid': 'Request size did not match content-length',
};

/**
 * Every error as `{statusCode, error, message, requestId}` — never a stack trace. A 5xx is logged
 * with its cause and answered generically; 4xx messages are the client's own problem, shown as is.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: unknown }>();
    // Errors raised before pino-http ran (body parsing) get their id the same way it would.
    const requestId = req.id === undefined ? requestIdFor(req, res) : String(req.id);

    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      // Health probes keep terminus's own JSON ({status, info, error, details}): Railway reads it.
      if (typeof response === 'object' && response !== null && 'details' in response) {
        res.status(exception.getStatus()).json(response);
        return;
      }
    }

    const { status, message } = this.describe(exception);
    if (status >= 500)
      this.logger.error(
        { err: exception, requestId },
        `unhandled error on ${req.method} ${req.path}`,
      );
    if (res.headersSent) return;
    if (exception instanceof RetryLaterException)
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
    res
      .status(status)
      .json({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, requestId });
  }

  private describe(exception: unknown): { status: number; message: string | string[] } {
    if (!(exception instanceof HttpException))
      return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
    const status = exception.getStatus();
    // A 502 we raise ourselves (the broker did not answer an operator's action) says what to do;
    // any other 5xx is answered generically.
    if (exception instanceof BadGatewayException)
      return { status, message: String(exception.message) };
    if (status >= 500) return { status, message: STATUS_CODES[status] ?? 'Internal server error' };
    const type = (exception.cause as { type?: unknown } | undefined)?.type;
    if (typeof type === 'string' && BODY_PARSER_MESSAGES[type])
      return { status, message: BODY_PARSER_MESSAGES[type] };
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: string | string[] }).message ?? exception.message);
    return { status, message };
  }
}
