import type { Request } from 'express';

/** Where a request came from and how to find it in the logs. */
export interface RequestContext {
  /** Client address as Express derives it under the `trust proxy` setting (bootstrap.ts). */
  ip: string | null;
  /** The id pino-http gave the request (x-request-id when well-formed, else a UUID). */
  requestId: string | null;
}

export function requestContext(req: Request): RequestContext {
  const id = (req as { id?: unknown }).id;
  return {
    ip: req.ip ?? null,
    requestId: id === undefined || id === null ? null : String(id),
  };
}
