import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, when and why. Append-only. */
@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('text', { nullable: true }) target: string | null;
  @Column('jsonb', { nullable: true }) before: unknown;
  @Column('jsonb', { nullable: true }) after: unknown;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('text', { nullable: true }) requestId: string | null;
  /** The client's own x-request-id, if it sent one: for correlation only, never trusted. */
  @Column('text', { nullable: true }) correlationId: string | null;
}
