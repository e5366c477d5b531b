import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OrderSide = 'buy' | 'sell';
/** An order intent's states (docs/architecture.md, "Order statuses"); the API's enum too. */
export const INTENT_STATUSES = [
  'planned',
  'simulated',
  'dropped',
  'submitting',
  'submitted',
  'partially_filled',
  'filled',
  'canceled',
  'rejected',
  'expired',
  'unknown',
] as const;
export type IntentStatus = (typeof INTENT_STATUSES)[number];

export interface RiskNote {
  rule: string;
  action: 'clipped' | 'dropped';
  detail: string;
}

/** An order Openbell intends to place, persisted before it is sent; decimals kept as strings. */
@Entity('order_intent')
export class OrderIntentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') runId: string;
  @Column('date') tradingDay: string;
  @Column('text') strategy: string;
  @Column('varchar', { length: 128 }) clientOrderId: string;
  @Column('text') symbol: string;
  @Column('text') side: OrderSide;
  @Column('numeric', { precision: 18, scale: 2, nullable: true }) notional: string | null;
  @Column('numeric', { precision: 24, scale: 9, nullable: true }) qty: string | null;
  /** Dollars the order is expected to trade: its notional, or qty × the planning price. */
  @Column('numeric', { precision: 18, scale: 2, nullable: true }) estimatedNotional: string | null;
  /** Price per share the plan used (a held position's price), or null when it knew none. */
  @Column('numeric', { precision: 24, scale: 9, nullable: true }) plannedPrice: string | null;
  @Column('boolean', { default: false }) simulated: boolean;
  @Column('text') status: IntentStatus;
  @Column('text', { nullable: true }) brokerOrderId: string | null;
  @Column('text', { nullable: true }) brokerStatus: string | null;
  @Column('numeric', { precision: 24, scale: 9, nullable: true }) filledQty: string | null;
  @Column('numeric', { precision: 18, scale: 6, nullable: true }) filledAvgPrice: string | null;
  @Column('timestamptz', { nullable: true }) filledAt: Date | null;
  @Column('timestamptz', { nullable: true }) submittedAt: Date | null;
  @Column('jsonb', { default: [] }) riskNotes: RiskNote[];
  @Column('text', { nullable: true }) rejectReason: string | null;
  /** Position in the plan: a resumed run sends in this order. */
  @Column('integer', { nullable: true }) planSeq: number | null;
  /** Broker time when a listing covering the submission first did not show the order. */
  @Column('timestamptz', { nullable: true }) absentSince: Date | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
}
