import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isEmail } from '../infra/http/class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { sqlRows } from '../infra/database/sql';
import type { Actor } from './auth.decorators';
import type { AdminRole } from './admin-user.entity';
import { hashPassword, passwordProblem, verifyPassword } from './password';

export const ADMIN_ROLES: readonly AdminRole[] = ['operator', 'viewer'];

/** How long an account lookup is reused: a disabled account's tokens stop working within this. */
export const ACCOUNT_CACHE_MS = 5_000;

export interface AdminUser {
  id: string;
  email: string;
  role: AdminRole;
  disabled: boolean;
  /** Bumped by a password change: tokens issued under an older version are refused. */
  sessionVersion: number;
}

/**
 * Who changes an account, for the audit trail: the signed-in API user (an `Actor`), or the CLI
 * (`cli:<OS user>`), with a reason.
 */
export interface AccountChange {
  actor: Actor | string;
  reason: string;
}

/** Why an account could not be created or changed; the message is safe to show the operator. */
export class AccountError extends Error {
  override name = 'AccountError';
  constructor(
    message: string,
    readonly reason:
      | 'invalid-email'
      | 'invalid-role'
      | 'weak-password'
      | 'exists'
      | 'not-found'
      | 'wrong-password',
  ) {
    super(message);
  }
}

/** Lower-cased and trimmed: the form accounts are stored, looked up and throttled by. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The login form's rule (LoginDto uses the same validator), so every created account can sign in. */
export const isValidEmail = (email: string) => email.length <= 254 && isEmail(email);

const USER_COLUMNS = `id, email, role, disabled, session_version AS "sessionVersion"`;

/**
 * Admin accounts. Password hashes are read in exactly one place (verify) and never returned; a
 * failing query is rethrown without its parameters so a hash cannot reach an error log.
 */
@Injectable()
export class AdminUsersService implements OnModuleInit {
  /** Verified against when the email is unknown, so that answer costs what a wrong password costs. */
  private dummyHash!: Promise<string>;

  /** Recently read accounts (the AuthGuard's lookups), per process. */
  private readonly seen = new Map<string, { user: AdminUser | null; at: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.dummyHash = hashPassword('openbell-timing-equaliser-not-a-password');
    this.dummyHash.catch(() => undefined);
  }

  /**
   * Creates an account. With `change`, audited (`account.create`) in the same transaction; only
   * tests and the local first-boot bootstrap create accounts without one.
   */
  async create(
    email: string,
    role: AdminRole,
    password: string,
    change?: AccountChange,
  ): Promise<AdminUser> {
    const normalised = normaliseEmail(email);
    if (!isValidEmail(normalised))
      throw new AccountError(`"${email}" is not an email address`, 'invalid-email');
    if (!ADMIN_ROLES.includes(role))
      throw new AccountError(`role must be one of ${ADMIN_ROLES.join(', ')}`, 'invalid-role');
    const problem = passwordProblem(password, normalised);
    if (problem) throw new AccountError(problem, 'weak-password');
    const hash = await hashPassword(password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows = await sqlRows<AdminUser>(
          manager,
          `INSERT INTO admin_user (email, password_hash, role) VALUES ($1, $2, $3) RETURNING ${USER_COLUMNS}`,
          [normalised, hash, role],
        );
        if (change)
          await this.record(manager, change, 'account.create', normalised, null, { role });
        return rows[0];
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new AccountError(`an account for ${normalised} already exists`, 'exists');
      throw withoutParameters(error);
    }
  }

  async disable(email: string, change?: AccountChange): Promise<AdminUser> {
    const normalised = normaliseEmail(email);
    return this.dataSource.transaction(async (manager) => {
      const rows = await sqlRows<AdminUser & { wasDisabled: boolean }>(
        manager,
        `UPDATE admin_user u SET disabled = true FROM admin_user old
          WHERE u.id = old.id AND lower(u.email) = $1
          RETURNING ${prefixed('u')}, old.disabled AS "wasDisabled"`,
        [normalised],
      );
      if (!rows[0]) throw new AccountError(`no account for ${normalised}`, 'not-found');
      if (change)
        await this.record(
          manager,
          change,
          'account.disable',
          normalised,
          { disabled: rows[0].wasDisabled },
          { disabled: true },
        );
      this.forget(rows[0].id);
      return withoutExtras(rows[0]);
    });
  }

  /** Changes an account's role, audited (`account.role`); applies within ACCOUNT_CACHE_MS. */
  async setRole(email: string, role: AdminRole, change: AccountChange): Promise<AdminUser> {
    if (!ADMIN_ROLES.includes(role))
      throw new AccountError(`role must be one of ${ADMIN_ROLES.join(', ')}`, 'invalid-role');
    const normalised = normaliseEmail(email);
    return this.dataSource.transaction(async (manager) => {
      const rows = await sqlRows<AdminUser & { oldRole: AdminRole }>(
        manager,
        `UPDATE admin_user u SET role = $2 FROM admin_user old
          WHERE u.id = old.id AND lower(u.email) = $1
          RETURNING ${prefixed('u')}, old.role AS "oldRole"`,
        [normalised, role],
      );
      if (!rows[0]) throw new AccountError(`no account for ${normalised}`, 'not-found');
      await this.record(
        manager,
        change,
        'account.role',
        normalised,
        { role: rows[0].oldRole },
        { role },
      );
      this.forget(rows[0].id);
      return withoutExtras(rows[0]);
    });
  }

  /**
   * Sets a new password and revokes every earlier session of the account (session_version + 1:
   * tokens issued before stop working within ACCOUNT_CACHE_MS on every replica, at once on this
   * one). Audited (`account.password`) in the same transaction. With `currentPassword`, it must be
   * the account's password (the API's self-service change).
   */
  async changePassword(
    email: string,
    newPassword: string,
    change: AccountChange,
    currentPassword?: string,
  ): Promise<AdminUser> {
    const normalised = normaliseEmail(email);
    const problem = passwordProblem(newPassword, normalised);
    if (problem) throw new AccountError(problem, 'weak-password');
    if (currentPassword !== undefined) {
      const current = await this.passwordHashOf(normalised);
      if (!current || !(await verifyPassword(current, currentPassword)))
        throw new AccountError('the current password is not right', 'wrong-password');
    }
    const hash = await hashPassword(newPassword);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows = await sqlRows<AdminUser>(
          manager,
          `UPDATE admin_user SET password_hash = $2, session_version = session_version + 1
            WHERE lower(email) = $1 RETURNING ${USER_COLUMNS}`,
          [normalised, hash],
        );
        if (!rows[0]) throw new AccountError(`no account for ${normalised}`, 'not-found');
        await this.record(
          manager,
          change,
          'account.password',
          normalised,
          { sessionVersion: rows[0].sessionVersion - 1 },
          { sessionVersion: rows[0].sessionVersion, earlierSessionsRevoked: true },
        );
        this.forget(rows[0].id);
        return rows[0];
      });
    } catch (error) {
      if (error instanceof AccountError) throw error;
      throw withoutParameters(error);
    }
  }

  /** The enabled account behind a token, re-read at most every ACCOUNT_CACHE_MS. */
  async findActiveCached(id: string): Promise<AdminUser | null> {
    const now = Date.now();
    const seen = this.seen.get(id);
    if (seen && now - seen.at < ACCOUNT_CACHE_MS) return seen.user;
    const user = await this.findActive(id);
    // Keyed by verified token subjects only, so bounded by the number of accounts.
    this.seen.set(id, { user, at: now });
    return user;
  }

  /** Drops this process's cached copy (after a change made here). */
  forget(id: string): void {
    this.seen.delete(id);
  }

  private async passwordHashOf(email: string): Promise<string | null> {
    try {
      const rows = await sqlRows<{ passwordHash: string }>(
        this.dataSource,
        `SELECT password_hash AS "passwordHash" FROM admin_user WHERE lower(email) = $1 AND NOT disabled`,
        [email],
      );
      return rows[0]?.passwordHash ?? null;
    } catch (error) {
      throw withoutParameters(error);
    }
  }

  private async record(
    manager: EntityManager,
    change: AccountChange,
    action: string,
    target: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    if (typeof change.actor === 'string')
      await this.audit.record(manager, {
        actor: change.actor,
        action,
        target,
        before,
        after,
        reason: change.reason,
      });
    else
      await this.audit.record(manager, change.actor, {
        action,
        target,
        before,
        after,
        reason: change.reason,
      });
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
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      disabled: user.disabled,
      sessionVersion: user.sessionVersion,
    };
  }
}

/** USER_COLUMNS qualified by a table alias. */
const prefixed = (alias: string) =>
  `${alias}.id, ${alias}.email, ${alias}.role, ${alias}.disabled, ${alias}.session_version AS "sessionVersion"`;

function withoutExtras(row: AdminUser): AdminUser {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    disabled: row.disabled,
    sessionVersion: row.sessionVersion,
  };
}

/** TypeORM's QueryFailedError carries the statement's parameters (a hash, a password): drop them. */
function withoutParameters(error: unknown): Error {
  const cause = error as { code?: string; message?: string };
  const clean = new Error(`admin_user query failed: ${cause.message ?? String(error)}`);
  (clean as Error & { code?: string }).code = cause.code;
  return clean;
}
