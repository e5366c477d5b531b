import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { decodeCursor, pageOf } from '../infra/http/pagination';
import { isBigintId } from '../infra/http/validation';
import { AuditService } from './audit.service';
import { AuditPageDto, AuditQuery } from './dto/audit.dto';

/** Who changed what, when and why; newest first. Viewers may read it. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: AuditQuery): Promise<AuditPageDto> {
    const rows = await this.audit.page(query.limit, decodeCursor(query.cursor, isBigintId), {
      action: query.action,
      actor: query.actor,
    });
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...event }) => event);
  }
}
