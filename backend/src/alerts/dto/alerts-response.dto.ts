import { ApiProperty } from '../../infra/http/openapi-decorators';

/** One channel's delivery of an alert (a row of the alert_delivery outbox). */
export class AlertDeliveryDto {
  @ApiProperty({ enum: ['lark', 'slack', 'webhook'] }) channel: 'lark' | 'slack' | 'webhook';
  @ApiProperty({
    enum: ['pending', 'sent', 'failed'],
    description: 'failed: given up after the retry bound (stays listed)',
  })
  status: 'pending' | 'sent' | 'failed';
  @ApiProperty() attempts: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the last failure (the channel's host only, never its URL)",
  })
  lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when the next attempt is due; null unless pending',
  })
  nextAttemptAt: string | null;
}

export class AlertDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    example: 'run_failed',
    description:
      'run_failed, run_missed, run_partial, orders_rejected, trading_toggled, scheduler_toggled, cancel_all, broker_unreachable, boot_failed',
  })
  kind: string;
  @ApiProperty({ enum: ['info', 'warning', 'critical'] }) severity: 'info' | 'warning' | 'critical';
  @ApiProperty({ type: String, format: 'date', nullable: true }) tradingDay: string | null;
  @ApiProperty({ description: 'the text sent to the channels' }) message: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: [AlertDeliveryDto], description: 'one per channel configured at the time' })
  deliveries: AlertDeliveryDto[];
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto] }) items: AlertDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as `cursor` for the next (older) page; null at the end',
  })
  nextCursor: string | null;
}
