import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 with `Retry-After: <seconds>` (HttpExceptionFilter sets the header). */
export class RetryLaterException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}
