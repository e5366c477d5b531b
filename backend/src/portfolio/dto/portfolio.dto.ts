/**
 * Responses of GET /api/portfolio and GET /api/portfolio/history, for the OpenAPI document (and
 * the admin's generated types). Money and weights are decimal strings: dollars with 2 decimals,
 * weights and percentages as fractions with 6 (0.012345 = 1.2345 %).
 */
import { ApiProperty, ApiPropertyOptional } from '../../infra/http/openapi-decorators';
import { IsIn, IsOptional } from '../../infra/http/class-validator';
import { HISTORY_PERIODS, type HistoryPeriod } from '../portfolio.service';

const nullableString = (description?: string) =>
  ApiProperty({ type: String, nullable: true, description });
const BROKER_STATES = ['ok', 'busy', 'unavailable'] as const;
const brokerState = () =>
  ApiProperty({
    enum: BROKER_STATES,
    description:
      'ok: figures from the broker; busy: the daily run is sending orders and display reads give way; unavailable: the broker failed',
  });

export class HistoryQuery {
  @ApiPropertyOptional({ enum: HISTORY_PERIODS, default: '1M' })
  @IsOptional()
  @IsIn(HISTORY_PERIODS, { message: `period must be one of ${HISTORY_PERIODS.join(', ')}` })
  period?: HistoryPeriod;
}

export class AccountFiguresDto {
  @ApiProperty({ example: '100000.00' }) equity: string;
  @nullableString() cash: string | null;
  @ApiProperty() buyingPower: string;
  @nullableString("equity at the previous session's close") lastEquity: string | null;
  @nullableString('equity − lastEquity') todayChange: string | null;
  @nullableString('todayChange ÷ lastEquity (fraction)') todayChangePct: string | null;
}

export class PortfolioPositionDto {
  @ApiProperty({ example: 'SPY' }) symbol: string;
  @ApiProperty({ description: 'shares' }) qty: string;
  @nullableString('current price per share') price: string | null;
  @ApiProperty() marketValue: string;
  @nullableString() costBasis: string | null;
  @nullableString() unrealizedPl: string | null;
  @nullableString('unrealizedPl ÷ costBasis (fraction)') unrealizedPlPct: string | null;
  @nullableString("the strategy's weight (fraction); null when no target names it")
  targetWeight: string | null;
  @ApiProperty({ description: 'marketValue ÷ equity (fraction)' }) actualWeight: string;
  @ApiProperty({ description: 'actualWeight − targetWeight (fraction)' }) drift: string;
  @ApiProperty({ description: 'a target names this symbol' }) targeted: boolean;
}

export class MissingTargetDto {
  @ApiProperty() symbol: string;
  @ApiProperty() targetWeight: string;
  @ApiProperty({ description: '−targetWeight' }) drift: string;
}

export class DriftDto {
  @ApiProperty() symbol: string;
  @ApiProperty({ description: 'fraction, signed' }) drift: string;
}

export class SnapshotRefDto {
  @ApiProperty({ format: 'date' }) tradingDay: string;
  @ApiProperty() equity: string;
  @ApiProperty({ format: 'date-time' }) takenAt: string;
  @ApiProperty({ description: "the session's final figure (after the close)" }) closed: boolean;
}

export class PortfolioDto {
  @brokerState() state: 'ok' | 'busy' | 'unavailable';
  @nullableString('what is going on when state is not ok') message: string | null;
  @ApiProperty({ format: 'date-time', description: 'when these figures were read' }) asOf: string;
  @ApiProperty() strategy: string;
  @nullableString('why the targets could not be read (no drift is claimed then)')
  targetsError: string | null;
  @ApiProperty({ type: AccountFiguresDto, nullable: true }) account: AccountFiguresDto | null;
  @ApiProperty({ type: [PortfolioPositionDto] }) positions: PortfolioPositionDto[];
  @ApiProperty({ type: [MissingTargetDto], description: 'targets not held at all' })
  missing: MissingTargetDto[];
  @ApiProperty({ type: [String], description: 'held symbols no target names' })
  untargeted: string[];
  @ApiProperty({ type: DriftDto, nullable: true }) largestDrift: DriftDto | null;
  @ApiProperty({
    type: SnapshotRefDto,
    nullable: true,
    description: "Openbell's latest daily snapshot (shown when the broker cannot be read)",
  })
  lastSnapshot: SnapshotRefDto | null;
}

export class HistoryPointDto {
  @ApiProperty({ format: 'date-time', description: 'start of the window (left-labelled)' })
  at: string;
  @ApiProperty({ format: 'date', description: 'New York date' }) tradingDay: string;
  @ApiProperty() equity: string;
  @nullableString('dollars from the base value (broker points only)') profitLoss: string | null;
  @nullableString('fraction of the base value (broker points only)') profitLossPct: string | null;
  @ApiProperty({
    enum: ['broker', 'snapshot'],
    description: "snapshot: Openbell's own daily figure where the broker's series has none",
  })
  source: 'broker' | 'snapshot';
}

export class HistoryRunDto {
  @ApiProperty({ format: 'date' }) tradingDay: string;
  @ApiProperty({ format: 'uuid' }) runId: string;
  @nullableString() runStatus: string | null;
  @ApiProperty({ description: 'equity after the run' }) equity: string;
}

export class PortfolioHistoryDto {
  @ApiProperty({ enum: HISTORY_PERIODS }) period: HistoryPeriod;
  @ApiProperty({ example: '1D' }) timeframe: string;
  @brokerState() state: 'ok' | 'busy' | 'unavailable';
  @nullableString() message: string | null;
  @ApiProperty({ type: [HistoryPointDto] }) points: HistoryPointDto[];
  @ApiProperty({ type: [HistoryRunDto], description: 'days with a run (from the snapshots)' })
  runs: HistoryRunDto[];
}
