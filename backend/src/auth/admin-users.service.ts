import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isEmail } from 'class-validator';
import { DataSource } from 'typeorm';
import { sqlRows } from '../infra/database/sql';
import type { AdminRole } from './admin-user.entity';
import { hashPassword, passwordProblem, verifyPassword } from './password';

export const ADMIN_ROLES: readonly AdminRole[] = ['operator', 'viewer'];

export interface AdminUser {
  id: string;
  email: string;
  role: AdminRole;
  disabled: boolean;
}

/** Why an account could not be created or changed; the message is safe to show the operator. */
export class AccountError extends Error {
  override name = 'AccountError';
  constructor(
    message: string,
    readonly reason: 'invalid-email' | 'invalid-role' | 'weak-password' | 'exists' | 'not-found',
  ) {
    super(message);
  }
}

/** Lower-cased and trimmed: the form accounts are stored, looked up and throttled by. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The login form's rule (LoginDto uses the same validator), so every created account can sign in. */
export const isValidEmail = (email: string) => email.length <= 254 && isEmail(email);

const USER_COLUMNS = `id, email, role, disabled`;

/**
 * Admin accounts. Password hashes are read in exactly one place (verify) and never returned; a
 * failing query is rethrown without its parameters so a hash cannot reach an error log.
 */
@Injectable()
export class AdminUsersService implements OnModuleInit {
  /** Verified against when the email is unknown, so that answer costs what a wrong password costs. */
  private dummyHash!: Promise<string>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dummyHash = hashPassword('openbell-timing-equaliser-not-a-password');
    this.dummyHash.catch(() => undefined);
  }

  async create(email: string, role: AdminRole, password: string): Promise<AdminUser> {
    const normalised = normaliseEmail(email);
    if (!isValidEmail(normalised))
      throw new AccountError(`"${email}" is not an email address`, 'invalid-email');
    if (!ADMIN_ROLES.includes(role))
      throw new AccountError(`role must be one of ${ADMIN_ROLES.join(', ')}`, 'invalid-role');
    const problem = passwordProblem(password, normalised);
    if (problem) throw new AccountError(problem, 'weak-password');
    const hash = await hashPassword(password);
    try {
      const rows = await sqlRows<AdminUser>(
        this.dataSource,
        `INSERT INTO admin_user (email, password_hash, role) VALUES ($1, $2, $3) RETURNING ${USER_COLUMNS}`,
        [normalised, hash, role],
      );
      return rows[0];
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new AccountError(`an account for ${normalised} already exists`, 'exists');
      throw withoutParameters(error);
    }
  }

  async disable(email: string): Promise<AdminUser> {
    const rows = await sqlRows<AdminUser>(
      this.dataSource,
      `UPDATE admin_user SET disabled = true WHERE lower(email) = $1 RETURNING ${USER_COLUMNS}`,
      [normaliseEmail(email)],
    );
    if (!rows[0]) throw new AccountError(`no account for ${normaliseEmail(email)}`, 'not-found');
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

  /**
   * The enabled account for these credentials, or null. An unknown email, a wrong password and a
   * disabled account all cost one argon2 verification and give the same null.
   */
  async verify(email: string, password: string): Promise<AdminUser | null> {
    let rows: (AdminUser & { passwordHash: string })[];
    try {
      rows = await sqlRows(
        this.dataSource,
        `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM admin_user WHERE lower(email) = $1`,
        [normaliseEmail(email)],
      );
    } catch (error) {
      throw withoutParameters(error);
    }
    const user = rows[0];
    if (!user) {
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

/** TypeORM's QueryFailedError carries the statement's parameters (a hash, a password): drop them. */
function withoutParameters(error: unknown): Error {
  const cause = error as { code?: string; message?: string };
  const clean = new Error(`admin_user query failed: ${cause.message ?? String(error)}`);
  (clean as Error & { code?: string }).code = cause.code;
  return clean;
}
