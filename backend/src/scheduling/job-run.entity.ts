import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `partial`: the run reached the broker but some orders were rejected or left open. */
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'skipped';
export type RunTrigger = 'cron' | 'manual' | 'catch-up' | 'cli';

/** One row per attempt at a job on a trading day: the run ledger. */
@Entity('job_run')
export class JobRunEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') job: string;
  /** New York calendar date, kept as the string 'YYYY-MM-DD' (never a JS Date). */
  @Column('date') tradingDay: string;
  @Column('text') status: RunStatus;
  @Column('text') trigger: RunTrigger;
  @Column('boolean', { default: false }) dryRun: boolean;
  @Column('integer', { default: 1 }) attempt: number;
  @Column('text') owner: string;
  @Column('timestamptz') heartbeatAt: Date;
  @Column('timestamptz') startedAt: Date;
  @Column('timestamptz', { nullable: true }) finishedAt: Date | null;
  @Column('text', { nullable: true }) skipReason: string | null;
  @Column('text', { nullable: true }) error: string | null;
  @Column('jsonb', { nullable: true }) summary: Record<string, unknown> | null;
  @Column('text', { nullable: true }) requestedBy: string | null;
  @Column('text', { nullable: true }) reason: string | null;
}
