import type { components, paths } from './openapi';

/**
 * The admin's view of the API. Request bodies and the responses the backend documents come from
 * openapi.d.ts (generated from the backend's OpenAPI document, which a backend test keeps equal
 * to the live API). Responses the document does not describe yet (no response DTO on the
 * controller) are written out below from the backend's code; each says where it comes from so it
 * can be replaced by the generated type once the backend documents it.
 */
type Schemas = components['schemas'];

export type LoginRequest = Schemas['LoginDto'];
export type LoginResponse = Schemas['LoginResponseDto'];
export type User = Schemas['UserDto'];
export type Role = User['role'];
export type ApiError = Schemas['ErrorResponseDto'];

export type PatchTogglesRequest = Schemas['PatchTogglesDto'];
export type ManualRunRequest = Schemas['ManualRunDto'];
export type CancelAllRequest = Schemas['CancelAllDto'];
export type PutTargetsRequest = Schemas['PutTargetsDto'];
export type Target = Schemas['TargetDto'];

/**
 * `before`/`after` are any JSON; the document declares them without a type, which
 * openapi-typescript reads as an empty object, so they are widened here.
 */
export type AuditEvent = Omit<Schemas['AuditEventDto'], 'before' | 'after'> & {
  before: unknown;
  after: unknown;
};
export type AuditPage = Omit<Schemas['AuditPageDto'], 'items'> & { items: AuditEvent[] };
export type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>;
export type OrdersQuery = NonNullable<paths['/api/orders']['get']['parameters']['query']>;
export type OrderStatus = NonNullable<OrdersQuery['status']>;

/** `{items, nextCursor}`: newest first; pass nextCursor as `cursor` for the next (older) page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** toggles.service.ts EffectiveTrading */
export interface EffectiveTrading {
  enabled: boolean;
  mode: 'live' | 'dry-run';
  reason: 'env-ceiling' | 'kill-switch' | null;
  envCeiling: boolean;
  toggle: boolean;
}

/** GET/PATCH /api/toggles (toggles.controller.ts) */
export interface Toggles {
  tradingEnabled: boolean;
  schedulerEnabled: boolean;
  updatedAt: string;
  updatedBy: string | null;
  effective: EffectiveTrading;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';
export type RunTrigger = 'cron' | 'manual' | 'catch-up' | 'cli';

/** One row of the run ledger (job-run.repository.ts COLUMNS). */
export interface Run {
  id: string;
  job: string;
  tradingDay: string;
  status: RunStatus;
  trigger: RunTrigger;
  dryRun: boolean;
  attempt: number;
  owner: string;
  heartbeatAt: string;
  startedAt: string;
  finishedAt: string | null;
  skipReason: string | null;
  error: string | null;
  summary: RunSummary | null;
  requestedBy: string | null;
  reason: string | null;
}

/** daily-run.service.ts: the summary a finished run records (a skip records only `gate`). */
export interface RunSummary {
  mode?: 'live' | 'dry-run';
  modeReason?: string | null;
  strategy?: string;
  orders?: number;
  counts?: Partial<Record<OrderStatus, number>>;
  halted?: string | null;
  durationMs?: number;
  gate?: string;
  [key: string]: unknown;
}

export interface RiskNote {
  rule: string;
  action: 'clipped' | 'dropped';
  detail: string;
}

/** order-intent.repository.ts COLUMNS; decimals are strings. */
export interface Order {
  id: string;
  runId: string;
  tradingDay: string;
  strategy: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  notional: string | null;
  qty: string | null;
  simulated: boolean;
  status: OrderStatus;
  brokerOrderId: string | null;
  brokerStatus: string | null;
  filledQty: string | null;
  filledAvgPrice: string | null;
  filledAt: string | null;
  submittedAt: string | null;
  riskNotes: RiskNote[];
  rejectReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/runs/:id */
export interface RunDetail extends Run {
  orders: Order[];
}

/** POST /api/runs (daily-run.service.ts RunOutcome) */
export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'skipped';
  reason: string | null;
  run: Run | null;
}

/** POST /api/runs/preview (daily-run.service.ts PlanPreview) */
export interface PlanPreview {
  tradingDay: string | null;
  gate: {
    decision: 'open' | 'closed' | 'not-a-trading-day' | 'outside-window' | 'unknown';
    reason: string;
    tradingDay: string | null;
    session?: { open: string; close: string };
  };
  mode: 'live' | 'dry-run';
  modeReason: string | null;
  strategy: string;
  equity: string | null;
  intents: {
    symbol: string;
    side: 'buy' | 'sell';
    notional: string | null;
    qty: string | null;
    status: 'planned' | 'dropped';
    riskNotes: RiskNote[];
    clientOrderId: string;
  }[];
  skipped: { symbol: string; reason: string }[];
  error: string | null;
}

/** POST /api/orders/cancel-all */
export interface CancelAllResult {
  canceled: number;
  results: unknown[];
}

/** GET /api/status (status.service.ts) */
export interface Status {
  trading: EffectiveTrading;
  scheduler: { enabled: boolean; cron: string; timeZone: string; windowMinutes: number };
  nextAttempt: string | null;
  market: {
    isOpen: boolean;
    timestamp: string;
    nextOpen: string;
    nextClose: string;
    fetchedAt: string;
  } | null;
  lastRun: Run | null;
  strategy: string;
}

/** GET /api/strategy and PUT /api/strategy/targets (strategy-targets.service.ts TargetsView) */
export interface TargetsView {
  source: 'environment' | 'database';
  targets: Target[];
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface StrategyView {
  strategy: string;
  fixedWeights: TargetsView;
}

/** GET /api/alerts (alerts.controller.ts) */
export interface Alert {
  id: string;
  kind: string;
  severity: string;
  tradingDay: string | null;
  message: string;
  payload: unknown;
  createdAt: string;
  deliveries: {
    channel: string;
    status: string;
    attempts: number;
    lastError: string | null;
    sentAt: string | null;
  }[];
}
