import { createSecretKey, randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../infra/config/app-config';
import { AlertsModule } from '../alerts/alerts.module';
import { AuditModule } from '../audit/audit.module';
import { AdminUsersService } from './admin-users.service';
import { LoginLimiter } from './login-limiter';
import { SessionsService } from './sessions.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { LocalOperatorBootstrap } from './local-operator.bootstrap';
import { LOGIN_THROTTLERS, LoginThrottlerGuard } from './login-throttler.guard';
import { SIGN_OPTIONS, VERIFY_OPTIONS } from './session-token';

/**
 * Accounts, sessions and the global AuthGuard (every route token-protected unless `@Public()` or a
 * probe; every mutation operator-only). Loaded with the API (web and all roles).
 */
@Module({
  imports: [
    AuditModule,
    AlertsModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      // Without JWT_SECRET (local and test runs only; production refuses to boot without it) a
      // random secret per process start: sessions end when the process restarts. A KeyObject, not
      // the string: jsonwebtoken otherwise tries (and fails) to parse a string as a public key on
      // every verification, the largest cost of an authenticated request.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(
          config.admin.jwtSecret ? Buffer.from(config.admin.jwtSecret) : randomBytes(32),
        ),
        signOptions: SIGN_OPTIONS,
        verifyOptions: VERIFY_OPTIONS,
      }),
    }),
    // In memory, per process: with N web replicas an attacker gets N times the limits.
    ThrottlerModule.forRoot(LOGIN_THROTTLERS),
  ],
  controllers: [AuthController],
  providers: [
    AdminUsersService,
    LoginLimiter,
    SessionsService,
    LocalOperatorBootstrap,
    LoginThrottlerGuard,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AdminUsersService],
})
export class AuthModule {}
