import { ApiProperty } from '../../infra/http/openapi-decorators';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from '../../infra/http/class-validator';
import { ReasonDto } from '../../infra/http/reason.dto';
import { MaxDecimals } from '../../infra/http/validation';

/** One fixed-weights target: a ticker and its share of equity. */
export class TargetDto {
  @ApiProperty({ example: 'SPY' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9.]{0,9}$/, {
    message: 'symbol must be an upper-case ticker such as SPY or BRK.B',
  })
  symbol: string;

  @ApiProperty({ minimum: 0, maximum: 1, example: 0.6 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'weight must be a number' })
  @MaxDecimals(6, { message: 'weight must have at most 6 decimals' })
  @Min(0.000001, { message: 'weight must be greater than 0' })
  @Max(1, { message: 'weight must be at most 1' })
  weight: number;
}

export class PutTargetsDto extends ReasonDto {
  @ApiProperty({ type: [TargetDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => TargetDto)
  targets: TargetDto[];
}
