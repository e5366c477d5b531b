import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { RateLimiterMemory, RateLimiterRes } from '../infra/rate-limiter';
import { AppConfig } from '../infra/config/app-config';
import { RetryLaterException } from '../infra/http/retry-later.exception';
import { AccountError, AdminUsersService, type AdminUser } from './admin-users.service';
import type { Actor } from './auth.decorators';
import type { LoginResponseDto } from './dto/login.dto';
import { LoginLimiter } from './login-limiter';
import type { SessionClaims } from './session-token';

/** Signing in and changing one's own password: each answers with a fresh session token. */
@Injectable()
export class SessionsService {
  /** Password changes per account per minute (each verifies the current password: argon2). */
  private readonly passwordChanges = new RateLimiterMemory({
    keyPrefix: 'password-change',
    points: 5,
    duration: 60,
  });

  constructor(
    private readonly accounts: AdminUsersService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly limiter: LoginLimiter,
  ) {}

  /**
   * Same 401 for an unknown email, a wrong password and a disabled account, after the same argon2
   * work. Throttled per client IP and per email (429 with Retry-After).
   */
  async login(email: string, password: string, client: string): Promise<LoginResponseDto> {
    await this.limiter.admit(email, client);
    const user = await this.accounts.verify(email, password);
    if (!user) {
      await this.limiter.failed(email, client);
      throw new UnauthorizedException('invalid email or password');
    }
    await this.limiter.succeeded(email, client);
    return this.issue(user);
  }

  /**
   * Every earlier token of the account stops working (at once here, within 5 s on other
   * replicas); the answer carries a fresh token. 400 naming the field for a wrong current or a
   * weak new password.
   */
  async changePassword(
    actor: Actor,
    currentPassword: string,
    newPassword: string,
  ): Promise<LoginResponseDto> {
    try {
      await this.passwordChanges.consume(actor.id);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new RetryLaterException(
        'too many password changes; try again later',
        rejection.msBeforeNext / 1000,
      );
    }
    try {
      const user = await this.accounts.changePassword(
        actor.email,
        newPassword,
        { actor, reason: 'password changed by the account holder' },
        currentPassword,
      );
      return await this.issue(user);
    } catch (error) {
      if (error instanceof AccountError && error.reason === 'wrong-password')
        throw new BadRequestException(['currentPassword is not the password of this account']);
      if (error instanceof AccountError && error.reason === 'weak-password')
        throw new BadRequestException([`newPassword: ${error.message}`]);
      throw error;
    }
  }

  private async issue(user: AdminUser): Promise<LoginResponseDto> {
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, email: user.email, role: user.role, sv: user.sessionVersion },
      { expiresIn: this.config.admin.jwtTtlMinutes * 60 },
    );
    const { exp } = this.jwt.decode<SessionClaims>(accessToken);
    return {
      accessToken,
      expiresAt: new Date(exp * 1000).toISOString(),
      user: { id: user.id, email: user.email, role: user.role },
    };
  }
}
