import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowViewer, CurrentActor, type Actor } from '../auth/auth.decorators';
import { plannedVsFilled } from '../portfolio/planned-vs-filled';
import { decodeCursor, PageQuery, pageOf, UUID } from '../infra/http/pagination';
import { JobRunRepository } from '../scheduling/job-run.repository';
import { ManualRunService } from './manual-run.service';
import { PlanPreviewDto, RunDetailDto, RunOutcomeDto, RunPageDto } from './dto/responses.dto';
import { ManualRunDto } from './dto/runs.dto';
import { OrderIntentRepository } from './order-intent.repository';
import { PreviewService } from './preview.service';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/runs')
export class RunsController {
  constructor(
    private readonly ledger: JobRunRepository,
    private readonly orders: OrderIntentRepository,
    private readonly manualRuns: ManualRunService,
    private readonly previews: PreviewService,
  ) {}

  @Get()
  @ApiOkResponse({ type: RunPageDto })
  async list(@Query() query: PageQuery) {
    const rows = await this.ledger.page(query.limit, decodeCursor(query.cursor, UUID));
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...run }) => run);
  }

  @Get(':id')
  @ApiOkResponse({ type: RunDetailDto })
  async get(
    @Param('id', new ParseUUIDPipe({ version: '4', errorHttpStatusCode: 400 })) id: string,
  ) {
    const run = await this.ledger.findById(id);
    if (!run) throw new NotFoundException(`run ${id} not found`);
    const orders = await this.orders.forRun(id);
    return { ...run, orders, plannedVsFilled: plannedVsFilled(orders) };
  }

  /** Manual run: the same gate and ledger as the scheduler. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: RunOutcomeDto })
  async run(@Body() body: ManualRunDto, @CurrentActor() actor: Actor) {
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
  preview(@CurrentActor() actor: Actor) {
    return this.previews.preview(actor.id);
  }
}
