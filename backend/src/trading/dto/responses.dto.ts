/**
 * Response shapes of the runs, orders and strategy endpoints, for the OpenAPI document (and so for
 * the admin's generated types: admin/src/app/api/openapi.d.ts). Decimals are strings, as stored.
 */
import { ApiProperty } from '../../infra/http/openapi-decorators';
import { TargetDto } from './strategy.dto';
import { INTENT_STATUSES } from '../order-intent.entity';

const SIDES = ['buy', 'sell'] as const;
const nullableString = (description?: string) =>
  ApiProperty({ type: String, nullable: true, description });
const nullableInstant = (description?: string) =>
  ApiProperty({ type: String, format: 'date-time', nullable: true, description });

export class RiskNoteDto {
  @ApiProperty({ example: 'RISK_MAX_ORDER_NOTIONAL', description: 'the limit that acted' })
  rule: string;
  @ApiProperty({ enum: ['clipped', 'dropped'] }) action: 'clipped' | 'dropped';
  @ApiProperty({ example: 'clipped from 12000.00 to 10000.00 (per-order cap of 10000.00)' })
  detail: string;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'the run that owns (or resumed) the order' })
  runId: string;
  @ApiProperty({ format: 'date', description: 'New York trading day' }) tradingDay: string;
  @ApiProperty({ example: 'fixed-weights' }) strategy: string;
  @ApiProperty({ example: 'ob-2026-11-23-fixed-weights-SPY-buy' }) clientOrderId: string;
  @ApiProperty({ example: 'SPY' }) symbol: string;
  @ApiProperty({ enum: SIDES }) side: 'buy' | 'sell';
  @nullableString('dollars of a notional order') notional: string | null;
  @nullableString('shares of a quantity order') qty: string | null;
  @nullableString('dollars the order was expected to trade when planned')
  estimatedNotional: string | null;
  @nullableString(
    "price per share the plan used (a held position's price); null when the plan knew none",
  )
  plannedPrice: string | null;
  @ApiProperty({ description: 'dry-run: recorded, never sent' }) simulated: boolean;
  @ApiProperty({ enum: INTENT_STATUSES }) status: (typeof INTENT_STATUSES)[number];
  @nullableString() brokerOrderId: string | null;
  @nullableString("Alpaca's own status") brokerStatus: string | null;
  @nullableString() filledQty: string | null;
  @nullableString() filledAvgPrice: string | null;
  @nullableInstant() filledAt: Date | null;
  @nullableInstant() submittedAt: Date | null;
  @ApiProperty({ type: [RiskNoteDto] }) riskNotes: RiskNoteDto[];
  @nullableString('why the broker or the run refused it') rejectReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @nullableString('pass as `cursor` for the next (older) page; null at the end')
  nextCursor: string | null;
}

export class RunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    example: 'daily-rebalance',
    description: 'daily-rebalance or daily-rebalance-dry-run',
  })
  job: string;
  @ApiProperty({ format: 'date', description: 'New York trading day' }) tradingDay: string;
  @ApiProperty({
    enum: ['running', 'succeeded', 'partial', 'failed', 'skipped'],
    description: 'partial: the run reached the broker but some orders were rejected or left open',
  })
  status: 'running' | 'succeeded' | 'partial' | 'failed' | 'skipped';
  @ApiProperty({ enum: ['cron', 'manual', 'catch-up', 'cli'] })
  trigger: 'cron' | 'manual' | 'catch-up' | 'cli';
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: "this attempt's number on its trading day" }) attempt: number;
  @ApiProperty({ description: 'host and process that ran it' }) owner: string;
  @ApiProperty({ format: 'date-time' }) heartbeatAt: Date;
  @ApiProperty({ format: 'date-time' }) startedAt: Date;
  @nullableInstant() finishedAt: Date | null;
  @nullableString() skipReason: string | null;
  @nullableString() error: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'mode, modeReason, strategy, orders, counts by status, halted, durationMs, notes; a skip records the gate',
  })
  summary: Record<string, unknown> | null;
  @nullableString('the operator who asked for a manual run') requestedBy: string | null;
  @nullableString("the operator's reason for a manual run") reason: string | null;
}

export class RunPageDto {
  @ApiProperty({ type: [RunDto] }) items: RunDto[];
  @nullableString('pass as `cursor` for the next (older) page; null at the end')
  nextCursor: string | null;
}

export class OrderSlippageDto {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty() symbol: string;
  @ApiProperty({ enum: SIDES }) side: 'buy' | 'sell';
  @ApiProperty({ enum: INTENT_STATUSES }) status: (typeof INTENT_STATUSES)[number];
  @nullableString('dollars the order was expected to trade') estimatedNotional: string | null;
  @nullableString('price per share the plan used; null when it knew none (a symbol not yet held)')
  plannedPrice: string | null;
  @nullableString() filledQty: string | null;
  @nullableString() filledAvgPrice: string | null;
  @nullableString('filledQty × filledAvgPrice') filledNotional: string | null;
  @nullableString(
    'against the planned price, basis points; positive = worse than planned; null unless both prices exist',
  )
  slippageBps: string | null;
  @nullableString('the same in dollars over the filled quantity') slippageDollars: string | null;
}

export class SlippageTotalsDto {
  @ApiProperty({ description: 'orders with both a planned price and a fill' })
  measuredOrders: number;
  @ApiProperty({ description: 'sum of the estimated notionals' }) plannedNotional: string;
  @ApiProperty({ description: 'sum of the filled notionals' }) filledNotional: string;
  @ApiProperty({ description: 'over the measured orders' }) slippageDollars: string;
  @nullableString('over the measured orders; null when none') slippageBps: string | null;
}

export class PlannedVsFilledDto {
  @ApiProperty({ type: [OrderSlippageDto] }) orders: OrderSlippageDto[];
  @ApiProperty({ type: SlippageTotalsDto }) totals: SlippageTotalsDto;
}

export class RunDetailDto extends RunDto {
  @ApiProperty({ type: [OrderDto] }) orders: OrderDto[];
  @ApiProperty({
    type: PlannedVsFilledDto,
    description: 'per order: the planning price estimate, the average fill and the slippage',
  })
  plannedVsFilled: PlannedVsFilledDto;
}

export class RunOutcomeDto {
  @ApiProperty({ enum: ['succeeded', 'partial', 'failed', 'skipped'] })
  status: 'succeeded' | 'partial' | 'failed' | 'skipped';
  @nullableString('why it failed or was skipped') reason: string | null;
  @ApiProperty({ type: RunDto, nullable: true }) run: RunDto | null;
}

export class SessionDto {
  @ApiProperty({ format: 'date-time', description: 'ISO instant with the New York offset' })
  open: string;
  @ApiProperty({ format: 'date-time' }) close: string;
}

export class GateErrorDto {
  @ApiProperty() name: string;
  @ApiProperty() message: string;
}

export class GateDto {
  @ApiProperty({ enum: ['open', 'closed', 'not-a-trading-day', 'outside-window', 'unknown'] })
  decision: 'open' | 'closed' | 'not-a-trading-day' | 'outside-window' | 'unknown';
  @ApiProperty() reason: string;
  @nullableString("the broker's New York date; null when the broker could not be asked")
  tradingDay: string | null;
  @ApiProperty({ type: SessionDto, required: false }) session?: SessionDto;
  @ApiProperty({ type: GateErrorDto, required: false }) error?: GateErrorDto;
}

export class PlannedOrderDto {
  @ApiProperty() symbol: string;
  @ApiProperty({ enum: SIDES }) side: 'buy' | 'sell';
  @nullableString() notional: string | null;
  @nullableString() qty: string | null;
  @ApiProperty({ description: 'dollars the order is expected to trade' }) estimatedNotional: string;
  @ApiProperty({ enum: ['planned', 'dropped'] }) status: 'planned' | 'dropped';
  @ApiProperty({ type: [RiskNoteDto] }) riskNotes: RiskNoteDto[];
  @ApiProperty() clientOrderId: string;
}

export class SkippedSymbolDto {
  @ApiProperty() symbol: string;
  @ApiProperty() reason: string;
}

export class PlanPreviewDto {
  @nullableString() tradingDay: string | null;
  @ApiProperty({ type: GateDto }) gate: GateDto;
  @ApiProperty({ enum: ['live', 'dry-run'] }) mode: 'live' | 'dry-run';
  @nullableString('env-ceiling or kill-switch when dry-run') modeReason: string | null;
  @ApiProperty() strategy: string;
  @nullableString() equity: string | null;
  @ApiProperty({ type: [PlannedOrderDto] }) intents: PlannedOrderDto[];
  @ApiProperty({ type: [SkippedSymbolDto] }) skipped: SkippedSymbolDto[];
  @nullableString('why no plan could be made') error: string | null;
}

export class CancelAllResultDto {
  @ApiProperty({ description: 'orders the broker answered for' }) canceled: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: "the broker's answer per order ({id, status, body})",
  })
  results: Record<string, unknown>[];
}

export class TargetsViewDto {
  @ApiProperty({
    enum: ['database', 'environment'],
    description: "'environment' (STRATEGY_TARGETS) until an operator saves targets",
  })
  source: 'database' | 'environment';
  @ApiProperty({ type: [TargetDto] }) targets: TargetDto[];
  @nullableInstant() updatedAt: Date | null;
  @nullableString() updatedBy: string | null;
}

export class StrategyViewDto {
  @ApiProperty({ enum: ['fixed-weights', 'congress-buys'] }) strategy: string;
  @ApiProperty({ type: TargetsViewDto }) fixedWeights: TargetsViewDto;
}
