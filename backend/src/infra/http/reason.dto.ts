import { ApiProperty } from './openapi-decorators';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength } from './class-validator';

/**
 * Control, format (zero-width, bidi overrides), surrogate, private-use and unassigned characters:
 * none of them is visible text, and a reason made of them reads as empty in the audit trail.
 */
export const INVISIBLE_OR_CONTROL = /\p{C}/u;
/** A letter, digit, punctuation mark or symbol: something a reader sees. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** Every mutating request says why; the reason is written to the audit trail. */
export class ReasonDto {
  @ApiProperty({
    description:
      'why — written to the audit trail; visible text, no control or invisible (format) characters',
    minLength: 1,
    maxLength: 500,
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'reason must be a string' })
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(500)
  @Matches(VISIBLE, { message: 'reason must contain visible text' })
  @Matches(/^\P{C}*$/u, {
    message: 'reason must not contain control or invisible (format) characters',
  })
  reason: string;
}
