import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AppConfig } from '../infra/config/app-config';
import { ErrorResponseDto } from '../infra/http/error-response.dto';
import { AdminUsersService } from './admin-users.service';
import { Actor, Public } from './auth.decorators';
import { LoginDto, LoginResponseDto, UserDto } from './dto/login.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';
import type { SessionClaims } from './session-token';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(
    private readonly accounts: AdminUsersService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
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
  async login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    const user = await this.accounts.verify(body.email, body.password);
    if (!user) throw new UnauthorizedException('invalid email or password');
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, email: user.email, role: user.role },
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
