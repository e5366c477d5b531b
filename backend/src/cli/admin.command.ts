import { userInfo } from 'node:os';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { openDatabase } from '../bootstrap';
import {
  AccountError,
  AdminUsersService,
  isValidEmail,
  normaliseEmail,
} from '../auth/admin-users.service';
import { generatePassword, passwordProblem } from '../auth/password';
import { AuditService } from '../audit/audit.service';
import type { AccountChange } from '../auth/admin-users.service';
import { dataSourceOptions } from '../infra/database/data-source';
import { runMigrations } from '../infra/database/migrator';
import { ExitCode, UsageError, type Command, type CommandContext } from './command';

@Module({})
class AccountsCliModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: AccountsCliModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(url, { applicationName: 'openbell-cli', poolSize: 2 }),
          retryAttempts: 0,
        }),
      ],
      providers: [AdminUsersService, AuditService],
    };
  }
}

async function withAccounts<T>(
  ctx: CommandContext,
  body: (accounts: AdminUsersService) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(ctx.config, ctx.logger);
  const app = await (async () => {
    await runMigrations(database.url, (m) => ctx.logger.info(m));
    return NestFactory.createApplicationContext(AccountsCliModule.forRoot(database.url), {
      logger: false,
      abortOnError: false,
    });
  })().catch(async (error: unknown) => {
    if (database.owned) await database.stop();
    throw error;
  });
  try {
    return await body(app.get(AdminUsersService));
  } finally {
    await app.close();
    if (database.owned) await database.stop();
  }
}

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  // One trailing newline is the shell's (`echo`, here-strings), not the password's.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The audit actor of a CLI command: `cli:<OS user>` (who ran it on the host or in `railway run`). */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username || 'unknown'}`;
  } catch {
    return 'cli:unknown'; // no passwd entry for the uid (some containers)
  }
}

/** Every account command is audited; `--reason` says why (a default names the command). */
function accountChange(command: string, reason: string | boolean | undefined): AccountChange {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (reason !== undefined && (!text || /\p{C}/u.test(text) || text.length > 500))
    throw new UsageError('--reason must be 1 to 500 visible characters');
  return { actor: cliActor(), reason: text || `${command} from the command line` };
}

function emailOption(value: string | boolean | undefined): string {
  const email = typeof value === 'string' ? normaliseEmail(value) : '';
  if (!isValidEmail(email)) throw new UsageError('--email must be an email address');
  return email;
}

export const adminCreateCommand: Command = {
  name: 'admin:create',
  summary: 'create an admin account; prints a generated password once, or reads it from stdin',
  usage:
    'openbell admin:create --email E --role operator|viewer [--password-stdin] [--reason TEXT]',
  options: {
    email: { type: 'string' },
    role: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    reason: { type: 'string' },
  },
  async run(values, ctx) {
    const email = emailOption(values.email);
    const role = values.role;
    if (role !== 'operator' && role !== 'viewer')
      throw new UsageError('--role must be operator or viewer');
    const change = accountChange('admin:create', values.reason);
    const generated = !values['password-stdin'];
    const password = generated ? generatePassword() : await readStdin(ctx.stdin);
    // Refused before touching the database; AccountErrors (weak, duplicate) end as exit 1 on stderr.
    const problem = passwordProblem(password, email);
    if (problem) throw new AccountError(problem, 'weak-password');
    return withAccounts(ctx, async (accounts) => {
      const user = await accounts.create(email, role, password, change);
      ctx.out(`created ${user.role} ${user.email}`);
      if (generated) ctx.out(`password (shown once): ${password}`);
      return ExitCode.ok;
    });
  },
};

export const adminDisableCommand: Command = {
  name: 'admin:disable',
  summary: 'disable an admin account (its sessions stop working within 5 seconds)',
  usage: 'openbell admin:disable --email E [--reason TEXT]',
  options: { email: { type: 'string' }, reason: { type: 'string' } },
  async run(values, ctx) {
    const email = emailOption(values.email);
    const change = accountChange('admin:disable', values.reason);
    return withAccounts(ctx, async (accounts) => {
      const user = await accounts.disable(email, change);
      ctx.out(`disabled ${user.email}`);
      return ExitCode.ok;
    });
  },
};

export const adminPasswordCommand: Command = {
  name: 'admin:password',
  summary: "set an account's password from stdin; its earlier sessions stop working",
  usage: 'openbell admin:password --email E --password-stdin [--reason TEXT]',
  options: {
    email: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    reason: { type: 'string' },
  },
  async run(values, ctx) {
    const email = emailOption(values.email);
    // Never from an argument: it would be in the shell history and the process list.
    if (!values['password-stdin'])
      throw new UsageError('--password-stdin is required (the new password is read from stdin)');
    const change = accountChange('admin:password', values.reason);
    const password = await readStdin(ctx.stdin);
    const problem = passwordProblem(password, email);
    if (problem) throw new AccountError(problem, 'weak-password');
    return withAccounts(ctx, async (accounts) => {
      const user = await accounts.changePassword(email, password, change);
      ctx.out(`password changed for ${user.email}; earlier sessions revoked`);
      return ExitCode.ok;
    });
  },
};

export const adminRoleCommand: Command = {
  name: 'admin:role',
  summary: "change an account's role (applies within 5 seconds)",
  usage: 'openbell admin:role --email E --role operator|viewer [--reason TEXT]',
  options: { email: { type: 'string' }, role: { type: 'string' }, reason: { type: 'string' } },
  async run(values, ctx) {
    const email = emailOption(values.email);
    const role = values.role;
    if (role !== 'operator' && role !== 'viewer')
      throw new UsageError('--role must be operator or viewer');
    const change = accountChange('admin:role', values.reason);
    return withAccounts(ctx, async (accounts) => {
      const user = await accounts.setRole(email, role, change);
      ctx.out(`${user.email} is now ${user.role}`);
      return ExitCode.ok;
    });
  },
};
