import type { Order, Run, Status } from '../api/api-types';

export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    job: 'daily-rebalance',
    tradingDay: '2026-11-30',
    status: 'succeeded',
    trigger: 'cron',
    dryRun: false,
    attempt: 1,
    owner: 'web-1',
    heartbeatAt: '2026-11-30T14:31:00Z',
    startedAt: '2026-11-30T14:30:00Z',
    finishedAt: '2026-11-30T14:31:02Z',
    skipReason: null,
    error: null,
    summary: { orders: 3, counts: { filled: 2, rejected: 1 } },
    requestedBy: null,
    reason: null,
    ...overrides,
  };
}

export function makeStatus(overrides: Partial<Status> = {}): Status {
  return {
    trading: { enabled: true, mode: 'live', reason: null, envCeiling: true, toggle: true },
    scheduler: { enabled: true, cron: '30 13,14 * * 1-5', timeZone: 'UTC', windowMinutes: 90 },
    nextAttempt: new Date(Date.now() + 2 * 3600_000 + 5 * 60_000 + 30_000).toISOString(),
    market: {
      isOpen: false,
      timestamp: new Date().toISOString(),
      nextOpen: new Date(Date.now() + 3600_000 + 30_000).toISOString(),
      nextClose: new Date(Date.now() + 8 * 3600_000).toISOString(),
      fetchedAt: new Date().toISOString(),
    },
    lastRun: makeRun(),
    strategy: 'fixed-weights',
    ...overrides,
  };
}

export function makeOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: '22222222-2222-4222-8222-222222222222',
    runId: '11111111-1111-4111-8111-111111111111',
    tradingDay: '2026-11-30',
    strategy: 'fixed-weights',
    clientOrderId: 'ob-2026-11-30-spy-buy',
    symbol: 'SPY',
    side: 'buy',
    notional: '1000.00',
    qty: null,
    estimatedNotional: '1000.00',
    plannedPrice: '666.00',
    simulated: false,
    status: 'filled',
    brokerOrderId: 'b-1',
    brokerStatus: 'filled',
    filledQty: '1.5',
    filledAvgPrice: '666.66',
    filledAt: '2026-11-30T14:30:05Z',
    submittedAt: '2026-11-30T14:30:01Z',
    riskNotes: [],
    rejectReason: null,
    createdAt: '2026-11-30T14:30:00Z',
    updatedAt: '2026-11-30T14:30:05Z',
    ...overrides,
  };
}
