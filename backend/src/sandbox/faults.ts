export type FaultKind =
  | 'status-500'
  | 'status-503'
  | 'rate-limit'
  | 'timeout'
  | 'delay'
  | 'accept-then-fail'
  | 'accept-then-timeout'
  | OrderFate;

/**
 * What happens to an order the broker accepted, instead of filling at once (POST /v2/orders only;
 * the POST itself is answered normally). slow-fill: stays `accepted` for `delayMs`, then fills.
 * partial-fill: `fraction` (default 0.5) of it fills at once (`partially_filled`), the rest after
 * `delayMs` (never, without it: the order stays open until it is canceled or expires).
 * broker-cancel: the broker cancels it after `delayMs` (`canceled`, nothing filled). expire: it
 * expires after `delayMs` (`expired`, nothing filled), as a day order does at the close.
 */
export type OrderFate = 'slow-fill' | 'partial-fill' | 'broker-cancel' | 'expire';
const ORDER_FATES = new Set<FaultKind>(['slow-fill', 'partial-fill', 'broker-cancel', 'expire']);

/** An order fate as the exchange keeps it with the order it applies to. */
export interface Fate {
  kind: OrderFate;
  delayMs: number;
  fraction: number;
}

export interface Fault {
  /**
   * The spec's method and path template, e.g. 'POST /v2/orders', 'GET /v2/clock',
   * 'GET /v2/orders/{order_id}', 'GET /v2/assets/{symbol_or_asset_id}'; '*' matches every route.
   */
  route: string;
  /**
   * status-500/503: answer with that status. rate-limit: 429 with X-RateLimit-Reset. timeout: never
   * answer (the client's timeout fires). delay: answer normally after `delayMs`. accept-then-fail:
   * process the request (store the order) but answer 500, so the client must look the order up.
   * accept-then-timeout: process the request, then never answer. Order fates: see OrderFate.
   */
  kind: FaultKind;
  /** How many requests it applies to (default 1); Infinity for all. */
  times?: number;
  /** Matching requests let through untouched before it applies (default 0): "the 3rd POST". */
  skip?: number;
  delayMs?: number;
  /** For partial-fill: the share of the order that fills at once (0 < fraction < 1, default 0.5). */
  fraction?: number;
  /** For rate-limit: seconds until X-RateLimit-Reset (default 1). */
  resetInSeconds?: number;
}

/** The faults armed for the next requests, in the order they were injected. */
export class FaultSchedule {
  private armed: (Fault & { remaining: number; skipped: number })[] = [];

  inject(fault: Fault): void {
    if (ORDER_FATES.has(fault.kind) && fault.route !== 'POST /v2/orders')
      throw new Error(`${fault.kind} applies to 'POST /v2/orders' only`);
    if (fault.fraction !== undefined && !(fault.fraction > 0 && fault.fraction < 1))
      throw new Error('fraction must be between 0 and 1 (exclusive)');
    this.armed.push({ ...fault, remaining: fault.times ?? 1, skipped: 0 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The first armed fault matching the route; faults still skipping count this request. */
  take(route: string): Fault | undefined {
    let taken: Fault | undefined;
    for (const fault of this.armed) {
      if (fault.remaining <= 0 || (fault.route !== route && fault.route !== '*')) continue;
      if (fault.skipped < (fault.skip ?? 0)) fault.skipped++;
      else if (!taken) {
        fault.remaining--;
        taken = fault;
      }
    }
    return taken;
  }
}

/** The order fate a fault attaches to the order it lets through, if it is one. */
export function fateOf(fault: Fault | undefined): Fate | undefined {
  if (!fault || !ORDER_FATES.has(fault.kind)) return undefined;
  return {
    kind: fault.kind as OrderFate,
    delayMs: fault.delayMs ?? Infinity,
    fraction: fault.fraction ?? 0.5,
  };
}
