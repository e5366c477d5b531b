import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { requestIdFor } from '../logging/logger';

/**
 * Every error as `{statusCode, error, message, requestId}`. No stack traces; a 500 is logged with
 * its cause and answered generically. Body-parser failures (malformed JSON, too large) are 4xx.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: unknown }>();
    // Errors raised before the logging middleware ran (body parsing) get their id the same way.
    const requestId = req.id === undefined ? requestIdFor(req, res) : String(req.id);
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let message: string | string[] = 'internal error';
    const bodyParser = exception as { type?: string; status?: number; statusCode?: number };
    // Health probes keep terminus's own JSON ({status, info, error, details}) — Railway and monitors read it.
    if (
      exception instanceof HttpException &&
      typeof exception.getResponse() === 'object' &&
      'details' in (exception.getResponse() as object)
    ) {
      res.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const cause = (exception as { cause?: { type?: string } } | null)?.cause;
    const parseFailure =
      exception instanceof HttpException &&
      exception.getStatus() === 400 &&
      (cause?.type === 'entity.parse.failed' ||
        (/JSON/.test(exception.message) && !/should not exist|must be/.test(exception.message)));
    if (parseFailure) {
      status = 400;
      message = 'Malformed JSON body';
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const response = exception.getResponse();
      message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
    } else if (bodyParser?.type === 'entity.parse.failed') {
      status = 400;
      message = 'Malformed JSON body';
    } else if (bodyParser?.type === 'entity.too.large') {
      status = 413;
      message = 'Request body too large (limit 100kb)';
    } else if (
      typeof bodyParser?.status === 'number' &&
      bodyParser.status >= 400 &&
      bodyParser.status < 500
    ) {
      status = bodyParser.status;
      message = (exception as Error).message;
    } else {
      this.logger.error(
        { err: exception, requestId },
        `unhandled error on ${req.method} ${req.path}`,
      );
    }
    res
      .status(status)
      .json({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, requestId });
  }
}
