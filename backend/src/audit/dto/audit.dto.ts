import { ApiProperty, ApiPropertyOptional } from '../../infra/http/openapi-decorators';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from '../../infra/http/class-validator';
import { PageQuery } from '../../infra/http/pagination';

/** `GET /api/audit?limit&cursor&action&actor` */
export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'exact action, e.g. toggles.update',
    example: 'toggles.update',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, {
    message: 'action must look like feature.verb (lower case, digits, _ and .)',
  })
  action?: string;

  @ApiPropertyOptional({ description: "the acting account's email (case-insensitive)" })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(254)
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'actor must be an email address' })
  actor?: string;
}

export class AuditEventDto {
  @ApiProperty({ description: 'sequence number (string: bigint)' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: Date;
  @ApiProperty({ description: "the acting account's email" }) actor: string;
  @ApiProperty({ example: 'toggles.update' }) action: string;
  @ApiProperty({ type: String, nullable: true }) target: string | null;
  @ApiProperty({ nullable: true, description: 'state before the change (JSON)' }) before: unknown;
  @ApiProperty({ nullable: true, description: 'state after the change (JSON)' }) after: unknown;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the server-generated request id' })
  requestId: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the client's own x-request-id, if it sent one (correlation only)",
  })
  correlationId: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as `cursor` for the next (older) page; null at the end',
  })
  nextCursor: string | null;
}
