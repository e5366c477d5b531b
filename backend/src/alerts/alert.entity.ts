import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertChannel = 'lark' | 'slack' | 'webhook';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

@Entity('alert')
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') kind: string;
  /** One alert per dedup key, ever: a retried event never alerts twice. */
  @Column('text', { unique: true }) dedupKey: string;
  @Column('text') severity: AlertSeverity;
  @Column('date', { nullable: true }) tradingDay: string | null;
  @Column('text') message: string;
  @Column('jsonb', { default: {} }) payload: Record<string, unknown>;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
}

/** The outbox: one row per alert and channel, sent with retries until delivered. */
@Entity('alert_delivery')
export class AlertDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') alertId: string;
  @Column('text') channel: AlertChannel;
  @Column('text', { default: 'pending' }) status: DeliveryStatus;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('timestamptz', { default: () => 'now()' }) nextAttemptAt: Date;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
}
