/** Alpaca's error body: `{ code, message }` (code is an 8-digit number such as 40310000). */
export interface AlpacaErrorBody {
  code?: number;
  message?: string;
}

export class BrokerError extends Error {
  override name = 'BrokerError';
  constructor(
    message: string,
    readonly endpoint: string,
    readonly status: number | null,
    readonly code: number | null = null,
  ) {
    super(message);
  }
}

/** 4xx other than the specific ones below: the broker refused the request. */
export class BrokerRequestError extends BrokerError {
  override name = 'BrokerRequestError';
}
/** 403 40310000 */
export class InsufficientBuyingPowerError extends BrokerRequestError {
  override name = 'InsufficientBuyingPowerError';
}
/** 422 40010001 "client_order_id must be unique": the broker already has this order. */
export class DuplicateClientOrderIdError extends BrokerRequestError {
  override name = 'DuplicateClientOrderIdError';
}
/** 404 40410000 */
export class BrokerNotFoundError extends BrokerRequestError {
  override name = 'BrokerNotFoundError';
}
/** 401 40110000 */
export class BrokerUnauthorizedError extends BrokerRequestError {
  override name = 'BrokerUnauthorizedError';
}
/** 429: not processed; may be retried after `resetAt`. */
export class BrokerRateLimitedError extends BrokerError {
  override name = 'BrokerRateLimitedError';
  constructor(
    message: string,
    endpoint: string,
    readonly resetAt: Date | null,
  ) {
    super(message, endpoint, 429);
  }
}
/** 5xx: the outcome of a write is unknown. */
export class BrokerUnavailableError extends BrokerError {
  override name = 'BrokerUnavailableError';
}
/** No answer in time: the outcome of a write is unknown. */
export class BrokerTimeoutError extends BrokerError {
  override name = 'BrokerTimeoutError';
}
/** Connection refused/reset, DNS…: the outcome of a write is unknown. */
export class BrokerNetworkError extends BrokerError {
  override name = 'BrokerNetworkError';
}

export function errorFor(
  endpoint: string,
  status: number,
  body: AlpacaErrorBody | undefined,
  resetHeader: string | null,
): BrokerError {
  const code = typeof body?.code === 'number' ? body.code : null;
  const text = body?.message ?? `HTTP ${status}`;
  const message = `${endpoint}: ${status}${code ? ` ${code}` : ''} ${text}`;
  if (status === 429) {
    const reset = Number(resetHeader);
    return new BrokerRateLimitedError(
      message,
      endpoint,
      Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : null,
    );
  }
  if (status >= 500) return new BrokerUnavailableError(message, endpoint, status, code);
  if (status === 401) return new BrokerUnauthorizedError(message, endpoint, status, code);
  if (status === 404) return new BrokerNotFoundError(message, endpoint, status, code);
  if (status === 403 && (code === 40310000 || /buying power/i.test(text))) {
    return new InsufficientBuyingPowerError(message, endpoint, status, code);
  }
  if (status === 422 && /client_order_id must be unique/i.test(text)) {
    return new DuplicateClientOrderIdError(message, endpoint, status, code);
  }
  return new BrokerRequestError(message, endpoint, status, code);
}

/** Whether a failed call may have reached the broker and done something: look before acting again. */
export function isUncertain(error: unknown): boolean {
  return (
    error instanceof BrokerUnavailableError ||
    error instanceof BrokerTimeoutError ||
    error instanceof BrokerNetworkError
  );
}
