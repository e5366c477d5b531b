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
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AppConfig } from '../infra/config/app-config';
import { AdminUsersService } from './admin-users.service';
import { CurrentActor, Public, type Actor } from './auth.decorators';
import { LoginDto, LoginResponseDto, UserDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(
    private readonly accounts: AdminUsersService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  /** Same 401 for an unknown email, a wrong password and a disabled account. Throttled per IP and per email. */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    const user = await this.accounts.verify(body.email, body.password);
    if (!user) throw new UnauthorizedException('invalid email or password');
    const ttlSeconds = this.config.admin.jwtTtlMinutes * 60;
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, email: user.email, role: user.role },
      { expiresIn: ttlSeconds },
    );
    return {
      accessToken,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString(),
      user: { id: user.id, email: user.email, role: user.role },
    };
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentActor() actor: Actor): UserDto {
    return { id: actor.id, email: actor.email, role: actor.role };
  }
}
