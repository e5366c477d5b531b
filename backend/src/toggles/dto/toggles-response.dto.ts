import { ApiProperty } from '../../infra/http/openapi-decorators';

/** What trading really does now: the env ceiling AND the kill-switch toggle. */
export class EffectiveTradingDto {
  @ApiProperty({ description: 'orders are sent to the broker' }) enabled: boolean;
  @ApiProperty({ enum: ['live', 'dry-run'] }) mode: 'live' | 'dry-run';
  @ApiProperty({
    enum: ['env-ceiling', 'kill-switch'],
    nullable: true,
    description: 'why dry-run: TRADING_ENABLED=false (env-ceiling) or the toggle (kill-switch)',
  })
  reason: 'env-ceiling' | 'kill-switch' | null;
  @ApiProperty({ description: 'TRADING_ENABLED: the ceiling no toggle can exceed' })
  envCeiling: boolean;
  @ApiProperty({ description: 'the kill-switch toggle (true = trading allowed)' }) toggle: boolean;
}

export class TogglesDto {
  @ApiProperty({ description: 'kill switch: false stops every order at once' })
  tradingEnabled: boolean;
  @ApiProperty({ description: 'false: scheduled attempts are recorded as skipped' })
  schedulerEnabled: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ type: String, nullable: true }) updatedBy: string | null;
  @ApiProperty({ type: EffectiveTradingDto }) effective: EffectiveTradingDto;
}
