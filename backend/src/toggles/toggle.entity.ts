import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ToggleKey = 'trading_enabled' | 'scheduler_enabled';

@Entity('toggle')
export class ToggleEntity {
  @PrimaryColumn('text') key: ToggleKey;
  @Column('boolean') enabled: boolean;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
  @Column('text', { nullable: true }) updatedBy: string | null;
}
