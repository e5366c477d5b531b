import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AdminRole = 'viewer' | 'operator';

@Entity('admin_user')
export class AdminUserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  /** argon2id hash; never serialised into a response or a log line. */
  @Column('text', { select: false }) passwordHash: string;
  @Column('text') role: AdminRole;
  @Column('boolean', { default: false }) disabled: boolean;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) lastLoginAt: Date | null;
}
