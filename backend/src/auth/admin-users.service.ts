import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../infra/database/sql';
import type { AdminRole } from './admin-user.entity';
import { hashPassword, passwordProblem, verifyPassword } from './password';

export interface AdminUser {
  id: string;
  email: string;
  role: AdminRole;
  disabled: boolean;
}

export class WeakPasswordError extends Error {
  override name = 'WeakPasswordError';
}

const USER_COLUMNS = `id, email, role, disabled`;

@Injectable()
export class AdminUsersService {
  private readonly logger = new Logger(AdminUsersService.name);
  /** Verified against when the email is unknown, so both answers take as long. */
  private dummyHash: Promise<string> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(email: string, role: AdminRole, password: string): Promise<AdminUser> {
    const problem = passwordProblem(password);
    if (problem) throw new WeakPasswordError(problem);
    const hash = await hashPassword(password);
    try {
      const rows = await sqlRows<AdminUser>(
        this.dataSource,
        `INSERT INTO admin_user (email, password_hash, role) VALUES ($1, $2, $3) RETURNING ${USER_COLUMNS}`,
        [email.trim().toLowerCase(), hash, role],
      );
      return rows[0];
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new ConflictException(`an account for ${email} already exists`);
      throw error;
    }
  }

  async disable(email: string): Promise<AdminUser> {
    const rows = await sqlRows<AdminUser>(
      this.dataSource,
      `UPDATE admin_user SET disabled = true WHERE lower(email) = lower($1) RETURNING ${USER_COLUMNS}`,
      [email.trim()],
    );
    if (!rows[0]) throw new NotFoundException(`no account for ${email}`);
    return rows[0];
  }

  async count(): Promise<number> {
    const rows = await sqlRows<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM admin_user`,
    );
    return rows[0].n;
  }

  async findActive(id: string): Promise<AdminUser | null> {
    const rows = await sqlRows<AdminUser>(
      this.dataSource,
      `SELECT ${USER_COLUMNS} FROM admin_user WHERE id = $1 AND NOT disabled`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The user for these credentials, or null — same work and same answer whatever was wrong. */
  async verify(email: string, password: string): Promise<AdminUser | null> {
    const rows = await sqlRows<AdminUser & { passwordHash: string }>(
      this.dataSource,
      `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM admin_user WHERE lower(email) = lower($1)`,
      [email.trim()],
    );
    const user = rows[0];
    if (!user) {
      this.dummyHash ??= hashPassword('openbell-timing-equaliser-not-a-password');
      await verifyPassword(await this.dummyHash, password);
      return null;
    }
    const ok = await verifyPassword(user.passwordHash, password);
    if (!ok || user.disabled) return null;
    await sqlRows(this.dataSource, `UPDATE admin_user SET last_login_at = now() WHERE id = $1`, [
      user.id,
    ]);
    return { id: user.id, email: user.email, role: user.role, disabled: user.disabled };
  }
}
