import { ApiPropertyOptional } from '../../infra/http/openapi-decorators';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from '../../infra/http/class-validator';
import { IsCalendarDateTime, OptionalNotNull } from '../../infra/http/validation';
import { PageQuery } from '../../infra/http/pagination';
import { ReasonDto } from '../../infra/http/reason.dto';
import { INTENT_STATUSES } from '../order-intent.entity';

export class ManualRunDto extends ReasonDto {
  @ApiPropertyOptional({
    description: 'plan and record as simulated; send nothing (own ledger, never uses up the day)',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class OrdersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INTENT_STATUSES })
  @IsOptional()
  @IsIn(INTENT_STATUSES, { message: `status must be one of ${INTENT_STATUSES.join(', ')}` })
  status?: (typeof INTENT_STATUSES)[number];

  @ApiPropertyOptional({ example: 'SPY' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(/^[A-Z][A-Z0-9.]{0,9}$/, { message: 'symbol must be a ticker such as SPY or BRK.B' })
  symbol?: string;

  @ApiPropertyOptional({ description: 'created at or after (ISO 8601)' })
  @IsOptional()
  @IsCalendarDateTime({
    message: 'from must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])',
  })
  from?: string;

  @ApiPropertyOptional({ description: 'created before (ISO 8601)' })
  @IsOptional()
  @IsCalendarDateTime({
    message: 'to must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])',
  })
  to?: string;
}

export class CancelAllDto extends ReasonDto {}
