import { ApiProperty } from '../../infra/http/openapi-decorators';
import { EffectiveTradingDto } from '../../toggles/dto/toggles-response.dto';
import { RunDto } from '../../trading/dto/responses.dto';

export class SchedulerStateDto {
  @ApiProperty({ description: 'the scheduler toggle' }) enabled: boolean;
  @ApiProperty({ example: '35 9 * * 1-5', description: 'TRADING_CRON' }) cron: string;
  @ApiProperty({ example: 'America/New_York', description: 'TRADING_CRON_TZ' }) timeZone: string;
  @ApiProperty({ description: 'TRADING_WINDOW_MINUTES after the session open' })
  windowMinutes: number;
}

/** The broker clock as last fetched (cached; never fetched per request). */
export class MarketClockDto {
  @ApiProperty() isOpen: boolean;
  @ApiProperty({ format: 'date-time', description: "the broker's now (New York offset)" })
  timestamp: string;
  @ApiProperty({ format: 'date-time' }) nextOpen: string;
  @ApiProperty({ format: 'date-time' }) nextClose: string;
  @ApiProperty({ format: 'date-time', description: 'when the broker was last asked' })
  fetchedAt: string;
}

export class StatusDto {
  @ApiProperty({ type: EffectiveTradingDto }) trading: EffectiveTradingDto;
  @ApiProperty({ type: SchedulerStateDto }) scheduler: SchedulerStateDto;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'next cron trigger',
  })
  nextAttempt: string | null;
  @ApiProperty({
    type: MarketClockDto,
    nullable: true,
    description: 'null until the broker has answered once',
  })
  market: MarketClockDto | null;
  @ApiProperty({ type: RunDto, nullable: true, description: 'the latest daily run' })
  lastRun: RunDto | null;
  @ApiProperty({ enum: ['fixed-weights', 'congress-buys'] }) strategy: string;
}
