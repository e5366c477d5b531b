import type { FaultKind } from './faults';

/** Logs kept for tests and demos; bounded so a long-running local sandbox does not grow forever. */
export const MAX_LOG_ENTRIES = 50_000;

/** Appends, dropping the oldest entries beyond MAX_LOG_ENTRIES. */
export function appendBounded<T>(entries: T[], entry: T): T {
  entries.push(entry);
  if (entries.length > MAX_LOG_ENTRIES) entries.splice(0, entries.length - MAX_LOG_ENTRIES);
  return entry;
}

export interface ReceivedOrder {
  clientOrderId: string;
  symbol: string;
  side: string;
  /** Host time (epoch ms) the order arrived. */
  at: number;
  /** Whether the sandbox stored it (false: refused with a 4xx). */
  accepted: boolean;
}

/** One request as it arrived, completed with its outcome once there is one. */
export interface Arrival {
  /** The spec's method and route template ('POST /v2/orders'). */
  route: string;
  /** Host time (epoch ms) the request arrived (before its body was read). */
  at: number;
  /** POST /v2/orders and GET /v2/orders:by_client_order_id: the client_order_id it names. */
  clientOrderId?: string;
  /** The status answered; undefined while pending, or for ever when a fault never answers. */
  status?: number;
  /** Host time the answer was sent. */
  answeredAt?: number;
  /** POST /v2/orders: whether the order was stored (accepted), whatever the client heard. */
  accepted?: boolean;
  /** The fault applied to it, if any. */
  fault?: FaultKind;
}

export interface RequestRecord {
  method: string;
  route: string;
  status: number;
  /** Host time (epoch ms) the answer was sent. */
  at: number;
}

/** What reached the sandbox and what it answered: the records tests and the chaos suite read. */
export class Traffic {
  /** Every POST /v2/orders that passed request validation, accepted or refused. */
  readonly received: ReceivedOrder[] = [];
  /** Every answered request. */
  readonly requests: RequestRecord[] = [];
  /** Every request that arrived, answered or not (a timeout fault never answers), with its outcome. */
  readonly arrivals: Arrival[] = [];
  /** Requests refused with 429 by the rate limit (faults not counted). */
  readonly rateLimited: { route: string; at: number }[] = [];
  /** Requests being processed (a delay fault holds one here until it is processed). */
  processing = 0;

  clear(): void {
    for (const records of [this.received, this.requests, this.arrivals, this.rateLimited])
      records.length = 0;
  }
}
