import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from './openapi-decorators';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from './class-validator';
import { isPgTimestamp } from './validation';

/** `?limit=1..200&cursor=<opaque>`; newest first. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor this API issued' })
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** The position a cursor points at; 400 naming `cursor` when it is not one of ours. */
export function decodeCursor(
  cursor: string | undefined,
  idPattern: RegExp | ((id: string) => boolean),
): { at: string; id: string } | undefined {
  const isId = typeof idPattern === 'function' ? idPattern : (id: string) => idPattern.test(id);
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
    ];
    if (typeof at === 'string' && typeof id === 'string' && isPgTimestamp(at) && isId(id))
      return { at, id };
  } catch {
    /* fall through */
  }
  throw new BadRequestException('cursor is not a cursor this API issued');
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function pageOf<T extends { cursorAt: string; id: string }, R>(
  rows: T[],
  limit: number,
  map: (row: T) => R,
): Page<R> {
  const last = rows.length === limit ? rows[rows.length - 1] : undefined;
  return { items: rows.map(map), nextCursor: last ? encodeCursor(last.cursorAt, last.id) : null };
}
