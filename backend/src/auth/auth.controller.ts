import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { JwtService } from '@nestjs/jwt';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AppConfig } from '../infra/config/app-config';
import { ErrorResponseDto } from '../infra/http/error-response.dto';
import { RetryLaterException } from '../infra/http/retry-later.exception';
import { AccountError, AdminUsersService, type AdminUser } from './admin-users.service';
import { Actor, AllowViewer, Public } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginResponseDto, UserDto } from './dto/login.dto';
import { LoginLimiter } from './login-limiter';
import { LoginThrottlerGuard } from './login-throttler.guard';
import type { SessionClaims } from './session-token';

@ApiTags('auth')
@Controller('api')
export class AuthController {
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
   * work. Throttled per client IP and per email (429 with Retry-After). No refresh: log in again.
   */
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'invalid email or password' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'throttled; see Retry-After' })
  async login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResponseDto> {
    const client = req.ip ?? 'unknown';
    await this.limiter.admit(body.email, client);
    const user = await this.accounts.verify(body.email, body.password);
    if (!user) {
      await this.limiter.failed(body.email, client);
      throw new UnauthorizedException('invalid email or password');
    }
    await this.limiter.succeeded(body.email, client);
    return this.issue(user);
  }

  /**
   * The signed-in account changes its own password. Every earlier token of the account stops
   * working (at once here, within 5 s on other replicas); the answer carries a fresh token.
   */
  @ApiBearerAuth()
  @Post('me/password')
  @AllowViewer()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'wrong current or weak new password',
  })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'throttled; see Retry-After' })
  async changePassword(
    @Body() body: ChangePasswordDto,
    @Actor() actor: Actor,
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
        body.newPassword,
        { actor, reason: 'password changed by the account holder' },
        body.currentPassword,
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

  /** The signed-in account (role as stored now, not as when the token was issued). */
  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: UserDto })
  me(@Actor() actor: Actor): UserDto {
    return { id: actor.id, email: actor.email, role: actor.role };
  }
}
