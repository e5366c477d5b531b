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
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AllowViewer, CurrentActor, type Actor } from '../auth/auth.decorators';
import { decodeCursor, PageQuery, pageOf, UUID } from '../infra/http/pagination';
import { JobRunRepository } from '../scheduling/job-run.repository';
import { DailyRunService } from './daily-run.service';
import { PlanPreviewDto, RunDetailDto, RunOutcomeDto, RunPageDto } from './dto/responses.dto';
import { ManualRunDto } from './dto/runs.dto';
import { OrderIntentRepository } from './order-intent.repository';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/runs')
export class RunsController {
  constructor(
    private readonly runs: DailyRunService,
    private readonly ledger: JobRunRepository,
    private readonly orders: OrderIntentRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
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
    return { ...run, orders: await this.orders.forRun(id) };
  }

  /** Manual run: the same gate and ledger as the scheduler. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: RunOutcomeDto })
  async run(@Body() body: ManualRunDto, @CurrentActor() actor: Actor) {
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, actor, {
        action: 'run.manual',
        target: body.dryRun ? 'dry-run' : 'run',
        after: { dryRun: body.dryRun === true },
        reason: body.reason,
      }),
    );
    return this.runs.attempt({
      trigger: 'manual',
      dryRun: body.dryRun === true,
      requestedBy: actor.email,
      reason: body.reason,
    });
  }

  /** Today's planned orders; nothing persisted, nothing sent. */
  @Post('preview')
  @AllowViewer()
  @HttpCode(200)
  @ApiOkResponse({ type: PlanPreviewDto })
  preview() {
    return this.runs.preview();
  }
}
