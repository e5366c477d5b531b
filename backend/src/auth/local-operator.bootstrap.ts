import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';
import { AccountError, AdminUsersService } from './admin-users.service';
import { generatePassword } from './password';

export const LOCAL_OPERATOR_EMAIL = 'admin@openbell.local';

/**
 * Zero-config local runs (`npm start`: embedded database, not production, API served): the first
 * boot with no account at all creates one operator and prints its login once. Never on a real
 * database (DATABASE_URL set) — a staging or preview deployment would otherwise print a working
 * password into its hosted logs — and never in production, which always has DATABASE_URL.
 */
@Injectable()
export class LocalOperatorBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Accounts');

  constructor(
    private readonly accounts: AdminUsersService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!LocalOperatorBootstrap.applies(this.config)) return;
    if ((await this.accounts.count()) > 0) return;
    const password = generatePassword();
    try {
      await this.accounts.create(LOCAL_OPERATOR_EMAIL, 'operator', password);
    } catch (error) {
      if (error instanceof AccountError && error.reason === 'exists') return; // a parallel local boot won
      throw error;
    }
    const file = resolve(dirname(resolve(this.config.database.embedded.dir)), 'admin-login.txt');
    let saved = true;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `email: ${LOCAL_OPERATOR_EMAIL}\npassword: ${password}\n`, {
        mode: 0o600,
      });
    } catch {
      saved = false; // the banner is enough
    }
    // To the terminal of whoever started it, once; the log line never carries the password.
    process.stdout.write(
      `\n  Admin login (local, shown once): ${LOCAL_OPERATOR_EMAIL} / ${password}\n` +
        (saved ? `  (also saved to ${file})\n` : '') +
        '\n',
    );
    this.logger.warn(
      `created the local operator account ${LOCAL_OPERATOR_EMAIL}; its password was printed once to stdout` +
        (saved ? ` and saved to ${file}` : ''),
    );
  }

  static applies(config: AppConfig): boolean {
    return !config.isProduction && !config.database.url && config.servesApi;
  }
}
