/** Alpaca's error codes as the sandbox uses them. */
export const ALPACA_CODES = {
  malformed: 40010000,
  invalid: 40010001,
  unauthorized: 40110000,
  insufficientBuyingPower: 40310000,
  notFound: 40410000,
  notCancelable: 42210000,
  rateLimited: 42910000,
  internal: 50010000,
  unavailable: 50310000,
} as const;

/** An answer other than 2xx, in Alpaca's shape: `{ code, message }` with this HTTP status. */
export class AlpacaError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** 422 40010001: a request Alpaca refuses as invalid (the message names the field). */
export const invalid = (message: string) => new AlpacaError(422, ALPACA_CODES.invalid, message);

/** 404 40410000. */
export const notFound = (message: string) => new AlpacaError(404, ALPACA_CODES.notFound, message);
