import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A fixed-weights target saved from the admin; empty table → STRATEGY_TARGETS. */
@Entity('strategy_target')
export class StrategyTargetEntity {
  @PrimaryColumn('text') symbol: string;
  @Column('numeric', { precision: 8, scale: 6 }) weight: string;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
  @Column('text', { nullable: true }) updatedBy: string | null;
}
