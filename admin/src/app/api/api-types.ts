import type { components, paths } from './openapi';

/**
 * The admin's view of the API: names for the types generated from the backend's OpenAPI document
 * (openapi.d.ts, which a backend test keeps equal to the live API). Only one thing is written
 * out here: the shape of free-form JSON the document leaves open (a run's summary, an audit
 * event's before/after).
 */
type Schemas = components['schemas'];

export type LoginRequest = Schemas['LoginDto'];
export type LoginResponse = Schemas['LoginResponseDto'];
export type ChangePasswordRequest = Schemas['ChangePasswordDto'];
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

export type EffectiveTrading = Schemas['EffectiveTradingDto'];
export type Toggles = Schemas['TogglesDto'];
export type Status = Omit<Schemas['StatusDto'], 'lastRun'> & { lastRun: Run | null };
export type RiskNote = Schemas['RiskNoteDto'];
export type Order = Schemas['OrderDto'];
export type RunStatus = Schemas['RunDto']['status'];
export type RunTrigger = Schemas['RunDto']['trigger'];

/**
 * What daily-run.service.ts records as a run's summary (the document types it as any object):
 * a finished run has mode, orders and counts; a skip records only `gate`.
 */
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

export type Run = Omit<Schemas['RunDto'], 'summary'> & { summary: RunSummary | null };
export type RunDetail = Omit<Schemas['RunDetailDto'], 'summary'> & { summary: RunSummary | null };
export type RunOutcome = Schemas['RunOutcomeDto'];
export type PlanPreview = Schemas['PlanPreviewDto'];
export type CancelAllResult = Schemas['CancelAllResultDto'];
export type TargetsView = Schemas['TargetsViewDto'];
export type StrategyView = Schemas['StrategyViewDto'];

export type Alert = Schemas['AlertDto'];
export type AlertDelivery = Schemas['AlertDeliveryDto'];

export type Portfolio = Schemas['PortfolioDto'];
export type PortfolioPosition = Schemas['PortfolioPositionDto'];
export type PortfolioHistory = Schemas['PortfolioHistoryDto'];
export type HistoryPoint = Schemas['HistoryPointDto'];
export type HistoryPeriod = PortfolioHistory['period'];
export type BrokerState = Portfolio['state'];
export type PlannedVsFilled = Schemas['PlannedVsFilledDto'];
