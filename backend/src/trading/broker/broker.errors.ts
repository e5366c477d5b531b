/** Alpaca's error body: `{ code, message }` (code is an 8-digit number such as 40310000). */
export interface AlpacaErrorBody {
  code?: number;
  message?: string;
}

/** Alpaca's error codes the client gives a type of their own. */
export const ALPACA_ERROR_CODES = {
  /** 422: invalid request; with "client_order_id must be unique" it is a duplicate. */
  invalidRequest: 40010001,
  unauthorized: 40110000,
  insufficientBuyingPower: 40310000,
  notFound: 40410000,
} as const;

/**
 * Any failed broker call. `status` is the HTTP status (null when no answer came back); `code` and
 * `brokerMessage` are Alpaca's `{code, message}` when the broker sent them.
 */
export class BrokerError extends Error {
  override name = 'BrokerError';
  /** Alpaca's own message (the `message` of this error also names the endpoint and status). */
  readonly brokerMessage: string | null;
  constructor(
    message: string,
    readonly endpoint: string,
    readonly status: number | null,
    readonly code: number | null = null,
    brokerMessage: string | null = null,
  ) {
    super(message);
    this.brokerMessage = brokerMessage;
  }

  /** Alpaca's `{code, message}`, when the broker answered with one. */
  get alpaca(): { code: number | null; message: string | null } | null {
    return this.code === null && this.brokerMessage === null
      ? null
      : { code: this.code, message: this.brokerMessage };
  }
}

/** 4xx other than the specific ones below: the broker refused the request. */
export class BrokerRequestError extends BrokerError {
  override name = 'BrokerRequestError';
}
/** 403 40310000: insufficient buying power (or, for a sell, insufficient qty available). */
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
/** 401 40110000: missing or wrong API keys. */
export class BrokerUnauthorizedError extends BrokerRequestError {
  override name = 'BrokerUnauthorizedError';
}
/** 429: not processed; the account may send again after `resetAt` (X-RateLimit-Reset). */
export class BrokerRateLimitedError extends BrokerError {
  override name = 'BrokerRateLimitedError';
  constructor(
    message: string,
    endpoint: string,
    readonly resetAt: Date | null,
    code: number | null = null,
    brokerMessage: string | null = null,
  ) {
    super(message, endpoint, 429, code, brokerMessage);
  }
}
/** 5xx: the outcome of a write is unknown. */
export class BrokerUnavailableError extends BrokerError {
  override name = 'BrokerUnavailableError';
}
/** No (complete) answer in time: the outcome of a write is unknown. */
export class BrokerTimeoutError extends BrokerError {
  override name = 'BrokerTimeoutError';
}
/**
 * A background read (dashboard, preview, health) that gave way to essential requests for longer
 * than the timeout: nothing was sent; the broker is busy with the daily run's orders, not down.
 */
export class BrokerBusyError extends BrokerError {
  override name = 'BrokerBusyError';
}
/** Connection refused/reset, DNS…: the outcome of a write is unknown. */
export class BrokerNetworkError extends BrokerError {
  override name = 'BrokerNetworkError';
}

/** The typed error for a non-2xx answer. */
export function errorFor(
  endpoint: string,
  status: number,
  body: AlpacaErrorBody | undefined,
  resetHeader: string | null,
): BrokerError {
  const code = typeof body?.code === 'number' ? body.code : null;
  const brokerMessage = typeof body?.message === 'string' ? body.message : null;
  const text = brokerMessage ?? `HTTP ${status}`;
  const message = `${endpoint}: ${status}${code ? ` ${code}` : ''} ${text}`;
  if (status === 429) {
    const reset = Number(resetHeader);
    return new BrokerRateLimitedError(
      message,
      endpoint,
      resetHeader !== null && Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : null,
      code,
      brokerMessage,
    );
  }
  const args = [message, endpoint, status, code, brokerMessage] as const;
  if (status >= 500) return new BrokerUnavailableError(...args);
  if (status === 401) return new BrokerUnauthorizedError(...args);
  if (status === 404) return new BrokerNotFoundError(...args);
  if (
    status === 403 &&
    (code === ALPACA_ERROR_CODES.insufficientBuyingPower ||
      /buying power|insufficient qty/i.test(text))
  ) {
    return new InsufficientBuyingPowerError(...args);
  }
  // 40010001 is Alpaca's generic validation code: only the message tells a duplicate apart.
  if (status === 422 && /client_order_id must be unique/i.test(text)) {
    return new DuplicateClientOrderIdError(...args);
  }
  return new BrokerRequestError(...args);
}

/** Whether a failed call may have reached the broker and done something: look before acting again. */
export function isUncertain(error: unknown): boolean {
  return (
    error instanceof BrokerUnavailableError ||
    error instanceof BrokerTimeoutError ||
    error instanceof BrokerNetworkError
  );
}
