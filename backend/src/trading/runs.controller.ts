import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '../infra/http/openapi-decorators';
import { Actor, AllowViewer } from '../auth/auth.decorators';
import { PageQuery } from '../infra/http/pagination';
import { PlanPreviewDto, RunDetailDto, RunOutcomeDto, RunPageDto } from './dto/responses.dto';
import { ManualRunDto } from './dto/runs.dto';
import { ManualRunService } from './manual-run.service';
import { PreviewService } from './preview.service';
import { RunHistoryService } from './run-history.service';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/runs')
export class RunsController {
  constructor(
    private readonly history: RunHistoryService,
    private readonly manualRuns: ManualRunService,
    private readonly previews: PreviewService,
  ) {}

  @Get()
  @ApiOkResponse({ type: RunPageDto })
  list(@Query() query: PageQuery): Promise<RunPageDto> {
    return this.history.runs(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: RunDetailDto })
  get(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
  ): Promise<RunDetailDto> {
    return this.history.run(id);
  }

  /** Manual run: the same gate and ledger as the scheduler. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: RunOutcomeDto })
  run(@Body() body: ManualRunDto, @Actor() actor: Actor): Promise<RunOutcomeDto> {
    return this.manualRuns.run(actor, body.dryRun === true, body.reason);
  }

  /**
   * Today's planned orders; nothing persisted, nothing sent. Coalesced, cached briefly and
   * throttled per user (PreviewService): 429 with Retry-After beyond the limit.
   */
  @Post('preview')
  @AllowViewer()
  @HttpCode(200)
  @ApiOkResponse({ type: PlanPreviewDto })
  preview(@Actor() actor: Actor): Promise<PlanPreviewDto> {
    return this.previews.preview(actor.id);
  }
}
