import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentActor, type Actor } from '../auth/auth.decorators';
import { AppConfig } from '../infra/config/app-config';
import { StrategyViewDto, TargetsViewDto } from './dto/responses.dto';
import { PutTargetsDto } from './dto/strategy.dto';
import { PreviewService } from './preview.service';
import { StrategyTargetsService } from './strategies/strategy-targets.service';

@ApiTags('strategy')
@ApiBearerAuth()
@Controller('api/strategy')
export class StrategyController {
  constructor(
    private readonly config: AppConfig,
    private readonly targets: StrategyTargetsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly previews: PreviewService,
  ) {}

  @Get()
  @ApiOkResponse({ type: StrategyViewDto })
  async get(): Promise<StrategyViewDto> {
    return { strategy: this.config.strategy.name, fixedWeights: await this.targets.get() };
  }

  /** Replaces the fixed-weights targets (sum ≤ 1); the change and its audit event commit together. */
  @Put('targets')
  @ApiOkResponse({ type: TargetsViewDto })
  async put(@Body() body: PutTargetsDto, @CurrentActor() actor: Actor) {
    const targets = body.targets.map((t) => ({ symbol: t.symbol, weight: t.weight }));
    const after = await this.dataSource.transaction(async (manager) => {
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
    this.previews.invalidate();
    return after;
  }
}
