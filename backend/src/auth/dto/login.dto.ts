import { ApiProperty } from '../../infra/http/openapi-decorators';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from '../../infra/http/class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password';

export class LoginDto {
  @ApiProperty({ example: 'admin@openbell.local', maxLength: 254 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ format: 'password', minLength: 1, maxLength: PASSWORD_MAX_LENGTH })
  @IsString({ message: 'password must be a string' })
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ['viewer', 'operator'] }) role: 'viewer' | 'operator';
}

export class LoginResponseDto {
  @ApiProperty({ description: 'send as `Authorization: Bearer <accessToken>`' })
  accessToken: string;

  @ApiProperty({ format: 'date-time', description: 'when the token stops working; log in again' })
  expiresAt: string;

  @ApiProperty({ type: UserDto }) user: UserDto;
}

/** `POST /api/me/password`: the signed-in account changes its own password. */
export class ChangePasswordDto {
  @ApiProperty({ format: 'password', minLength: 1, maxLength: PASSWORD_MAX_LENGTH })
  @IsString({ message: 'currentPassword must be a string' })
  @MinLength(1, { message: 'currentPassword must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @ApiProperty({
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'the password rule of docs/security.md (12+ characters, not guessable)',
  })
  @IsString({ message: 'newPassword must be a string' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword: string;
}
