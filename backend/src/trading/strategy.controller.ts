import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
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
} from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentActor, type Actor } from '../auth/auth.decorators';
import { AppConfig } from '../infra/config/app-config';
import { ReasonDto } from '../infra/http/reason.dto';
import { StrategyTargetsService } from './strategies/strategy-targets.service';

export class TargetDto {
  @ApiProperty({ example: 'SPY' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9.]{0,9}$/, {
    message: 'symbol must be an upper-case ticker such as SPY or BRK.B',
  })
  symbol: string;

  @ApiProperty({ minimum: 0, maximum: 1, example: 0.6 })
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 },
    { message: 'weight must be a number with at most 6 decimals' },
  )
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

@ApiTags('strategy')
@ApiBearerAuth()
@Controller('api/strategy')
export class StrategyController {
  constructor(
    private readonly config: AppConfig,
    private readonly targets: StrategyTargetsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  async get() {
    return { strategy: this.config.strategy.name, fixedWeights: await this.targets.get() };
  }

  /** Replaces the fixed-weights targets (sum ≤ 1); the change and its audit event commit together. */
  @Put('targets')
  async put(@Body() body: PutTargetsDto, @CurrentActor() actor: Actor) {
    const targets = body.targets.map((t) => ({ symbol: t.symbol, weight: t.weight }));
    return this.dataSource.transaction(async (manager) => {
      const { before, after } = await this.targets.replace(manager, targets, actor.email);
      await this.audit.record(manager, actor, {
        action: 'strategy.targets',
        target: 'fixed-weights',
        before: before.targets,
        after: after.targets,
        reason: body.reason,
      });
      return after;
    });
  }
}
