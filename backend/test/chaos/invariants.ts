/**
 * The run engine's safety invariants, checked on what one chaos case left behind: the broker's
 * records (every request as it arrived, every order it holds) and the ledger (job_run,
 * order_intent). Pure functions: the same checks serve the randomized suite and the regressions.
 */
import type { Arrival } from '../../src/sandbox/traffic';
import type { components } from '../../src/trading/broker/alpaca-api';
import { intentStatusFor } from '../../src/trading/execution/broker-status';

type Order = components['schemas']['Order'];

export interface Observation {
  tradingDay: string;
  arrivals: Arrival[];
  brokerOrders: Order[];
  /** Fill price per symbol (the sandbox's is deterministic). */
  prices: Record<string, string>;
  intents: {
    clientOrderId: string;
    symbol: string;
    side: string;
    status: string;
    brokerOrderId: string | null;
    runId: string;
  }[];
  /** The day's claimed runs (attempt > 0), finishedAt in epoch ms. */
  runs: { id: string; status: string; finishedAt: number | null; owner: string }[];
  /** When the kill switch flip had committed (epoch ms), or null. */
  flippedAt: number | null;
  /** Late ticks of the event loop the app, the sandbox and the test share (epoch ms, lateness). */
  stalls: { at: number; lateMs: number }[];
  /** Each phase ran one attempt alone; requests in a phase are attributable to its run. */
  phases: { startedAt: number; endedAt: number }[];
  maxDailyNotional: number;
  /** Loopback slack between a request's dispatch and its arrival. */
  flipGraceMs: number;
}

export interface Violation {
  invariant: 'a' | 'b' | 'c' | 'd' | 'e';
  message: string;
}

const FINAL = new Set(['filled', 'canceled', 'rejected', 'expired']);
const OPEN_AT_BROKER = new Set([
  'new',
  'accepted',
  'pending_new',
  'partially_filled',
  'accepted_for_bidding',
  'held',
  'pending_cancel',
  'pending_replace',
  'calculated',
]);
/** Intent statuses that claim the order was never sent. */
const NEVER_SENT = new Set(['planned', 'dropped', 'simulated']);

export function checkInvariants(observed: Observation, orderRoute: RegExp): Violation[] {
  const violations: Violation[] = [];
  const add = (invariant: Violation['invariant'], message: string) =>
    violations.push({ invariant, message });

  // Requests naming an order of another trading day come from an earlier case's run, which had
  // returned (and so finished) before this case began: a breach of (e) by that run. They are
  // reported as such and left out of this day's checks.
  const ofThisDay = (clientOrderId: string | undefined | null) =>
    !clientOrderId || clientOrderId.includes(`-${observed.tradingDay}-`);
  const foreign = observed.arrivals.filter((a) => !ofThisDay(a.clientOrderId));
  if (foreign.length > 0)
    add(
      'e',
      `${foreign.length} request(s) of an earlier day's run arrived during this case, after that run had returned: ` +
        foreign
          .slice(0, 5)
          .map((a) => `${a.route} ${a.clientOrderId}${a.accepted ? ' (accepted)' : ''}`)
          .join(', '),
    );
  const o: Observation = {
    ...observed,
    arrivals: observed.arrivals.filter((a) => ofThisDay(a.clientOrderId)),
    brokerOrders: observed.brokerOrders.filter((b) => ofThisDay(b.client_order_id)),
  };

  // (a) The broker accepts each client_order_id at most once.
  const accepted = new Map<string, number>();
  for (const a of o.arrivals)
    if (a.route === 'POST /v2/orders' && a.accepted && a.clientOrderId)
      accepted.set(a.clientOrderId, (accepted.get(a.clientOrderId) ?? 0) + 1);
  for (const [id, n] of accepted)
    if (n > 1) add('a', `client_order_id ${id} accepted ${n} times by the broker`);

  // (b) No POST dispatched after the kill switch flip committed.
  //     A POST whose last toggle read finished before the commit may still arrive a little later,
  //     delayed between its dispatch and the sandbox's record of it by whatever held the event loop
  //     the app, the sandbox and the test share: a handful of hops (promise continuations, a socket
  //     write, a read), each waiting at most for one long task. So the slack allowed is
  //     flipGraceMs plus four times the longest stall measured from 100 ms before the flip to the
  //     arrival. (Not the sum of stalls: on a loaded machine every tick is a little late, and a
  //     2 s wait would add up to a false excuse.)
  if (o.flippedAt !== null) {
    const flippedAt = o.flippedAt;
    for (const a of o.arrivals) {
      if (a.route !== 'POST /v2/orders' || a.at <= flippedAt + o.flipGraceMs) continue;
      const longestStall = o.stalls
        .filter((s) => s.at >= flippedAt - 100 && s.at <= a.at)
        .reduce((max, s) => Math.max(max, s.lateMs), 0);
      if (a.at - flippedAt > o.flipGraceMs + 4 * longestStall)
        add(
          'b',
          `POST ${a.clientOrderId ?? '?'} arrived ${a.at - flippedAt} ms after the kill switch flip committed` +
            (a.accepted ? ' and was accepted' : '') +
            (longestStall ? ` (longest event-loop stall in between: ${longestStall} ms)` : ''),
        );
    }
  }

  // (c) No intent final while the broker has the order open (or in another final state), and
  //     every broker order known to the ledger.
  const byClientId = new Map(o.brokerOrders.map((b) => [b.client_order_id!, b]));
  const intentsById = new Map(o.intents.map((i) => [i.clientOrderId, i]));
  for (const intent of o.intents) {
    if (!FINAL.has(intent.status)) continue;
    const order = byClientId.get(intent.clientOrderId);
    if (!order) continue; // final without a broker order: only a rejection, checked below
    if (OPEN_AT_BROKER.has(order.status!))
      add(
        'c',
        `${intent.side} ${intent.symbol} (${intent.clientOrderId}) is ${intent.status} in the ledger while the broker has it ${order.status}`,
      );
    else if (intentStatusFor(order.status!) !== intent.status)
      add(
        'c',
        `${intent.side} ${intent.symbol} (${intent.clientOrderId}) is ${intent.status} in the ledger but ${order.status} at the broker (filled ${order.filled_qty})`,
      );
  }
  for (const order of o.brokerOrders) {
    const intent = intentsById.get(order.client_order_id!);
    if (!intent)
      add(
        'c',
        `broker order ${order.client_order_id} (${order.status}) has no intent in the ledger`,
      );
    else if (NEVER_SENT.has(intent.status))
      add(
        'c',
        `broker order ${order.client_order_id} (${order.status}) is ${intent.status} (never sent) in the ledger`,
      );
    else if (intent.brokerOrderId !== null && intent.brokerOrderId !== order.id)
      add('c', `intent ${intent.clientOrderId} points at another broker order than the broker's`);
  }

  // (d) The daily notional cap, counting everything the broker accepted (buys and sells).
  const traded = o.brokerOrders.reduce((sum, order) => {
    const dollars = order.notional
      ? Number(order.notional)
      : Number(order.qty) * Number(o.prices[order.symbol!]);
    return sum + dollars;
  }, 0);
  const slack = 0.01 * o.brokerOrders.length + 1e-6;
  if (traded > o.maxDailyNotional + slack)
    add(
      'd',
      `the broker accepted $${traded.toFixed(2)} on ${o.tradingDay}, over the daily cap of $${o.maxDailyNotional}`,
    );

  // (e) A run's status is final only after its last request: nothing attributable to the run (an
  //     order request in the phase that ran it) arrives after its finished_at.
  for (const run of o.runs) {
    if (run.finishedAt === null) continue;
    const phase = o.phases.find(
      (p) => run.finishedAt! >= p.startedAt && run.finishedAt! <= p.endedAt,
    );
    if (!phase) continue;
    const late = o.arrivals.filter(
      (a) => orderRoute.test(a.route) && a.at > run.finishedAt! && a.at <= phase.endedAt,
    );
    if (late.length > 0)
      add(
        'e',
        `run ${run.id} was recorded ${run.status}, then ${late.length} order request(s) arrived: ` +
          late
            .slice(0, 5)
            .map((a) => `${a.route} ${a.clientOrderId ?? ''} +${a.at - run.finishedAt!} ms`)
            .join(', '),
      );
  }
  return violations;
}
