import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '../infra/http/openapi-decorators';
import { ErrorResponseDto } from '../infra/http/error-response.dto';
import { Actor, AllowViewer, Public } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginResponseDto, UserDto } from './dto/login.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

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
  login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResponseDto> {
    return this.sessions.login(body.email, body.password, req.ip ?? 'unknown');
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
  changePassword(
    @Body() body: ChangePasswordDto,
    @Actor() actor: Actor,
  ): Promise<LoginResponseDto> {
    return this.sessions.changePassword(actor, body.currentPassword, body.newPassword);
  }

  /** The signed-in account (role as stored now, not as when the token was issued). */
  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: UserDto })
  me(@Actor() actor: Actor): UserDto {
    return { id: actor.id, email: actor.email, role: actor.role };
  }
}
