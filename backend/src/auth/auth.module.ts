import { randomBytes } from 'node:crypto';
import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Request } from 'express';
import { AppConfig } from '../infra/config/app-config';
import { AdminUsersService } from './admin-users.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { generatePassword } from './password';

export const LOCAL_OPERATOR_EMAIL = 'admin@openbell.local';

const loginEmail = (req: Request) =>
  String((req.body as { email?: unknown } | undefined)?.email ?? '')
    .trim()
    .toLowerCase();

/**
 * Local runs only (embedded database, not production): the first boot with no accounts creates one
 * operator and prints its login once. A real database never gets an account by itself.
 */
@Injectable()
class LocalOperatorBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Accounts');
  constructor(
    private readonly accounts: AdminUsersService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (
      this.config.isProduction ||
      this.config.database.url ||
      !this.config.servesApi ||
      (await this.accounts.count()) > 0
    )
      return;
    const password = generatePassword();
    try {
      await this.accounts.create(LOCAL_OPERATOR_EMAIL, 'operator', password);
    } catch {
      return; // another local process created it first
    }
    const file = resolve(dirname(resolve(this.config.database.embedded.dir)), 'admin-login.txt');
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `email: ${LOCAL_OPERATOR_EMAIL}\npassword: ${password}\n`, {
        mode: 0o600,
      });
    } catch {
      /* the banner below is enough */
    }
    // Printed once, to the terminal of the person who started it; never again once an account exists.
    process.stdout.write(
      `\n  Admin login (local, shown once): ${LOCAL_OPERATOR_EMAIL} / ${password}\n  (also saved to ${file})\n\n`,
    );
    this.logger.warn(
      `created the local operator account ${LOCAL_OPERATOR_EMAIL}; its password was printed once and saved to ${file}`,
    );
  }
}

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      // Without JWT_SECRET (local only; production refuses to boot) a random per-process secret:
      // sessions end when the process restarts, which is fine on a laptop.
      useFactory: (config: AppConfig) => ({
        secret: config.admin.jwtSecret ?? randomBytes(32).toString('hex'),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
    ThrottlerModule.forRoot({
      throttlers: [
        { name: 'ip', ttl: 60_000, limit: 20 },
        {
          name: 'email',
          ttl: 60_000,
          limit: 5,
          getTracker: (req) => `email:${loginEmail(req as Request)}`,
        },
      ],
      errorMessage: 'too many login attempts; try again in a minute',
    }),
  ],
  controllers: [AuthController],
  providers: [
    AdminUsersService,
    LocalOperatorBootstrap,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AdminUsersService],
})
export class AuthModule {}
