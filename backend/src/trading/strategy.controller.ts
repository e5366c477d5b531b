import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '../infra/http/openapi-decorators';
import { Actor } from '../auth/auth.decorators';
import { StrategyViewDto, TargetsViewDto } from './dto/responses.dto';
import { PutTargetsDto } from './dto/strategy.dto';
import { StrategyTargetsService } from './strategies/strategy-targets.service';

@ApiTags('strategy')
@ApiBearerAuth()
@Controller('api/strategy')
export class StrategyController {
  constructor(private readonly targets: StrategyTargetsService) {}

  @Get()
  @ApiOkResponse({ type: StrategyViewDto })
  get(): Promise<StrategyViewDto> {
    return this.targets.view();
  }

  /** Replaces the fixed-weights targets (sum ≤ 1); the change and its audit event commit together. */
  @Put('targets')
  @ApiOkResponse({ type: TargetsViewDto })
  put(@Body() body: PutTargetsDto, @Actor() actor: Actor): Promise<TargetsViewDto> {
    const targets = body.targets.map((t) => ({ symbol: t.symbol, weight: t.weight }));
    return this.targets.change(targets, actor, body.reason);
  }
}
