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
    const requestId = req.id === undefined ? null : String(req.id);
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let message: string | string[] = 'internal error';
    const bodyParser = exception as { type?: string; status?: number; statusCode?: number };
    if (exception instanceof HttpException) {
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
