import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { decodeCursor, PageQuery, pageOf } from '../infra/http/pagination';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  async list(@Query() query: PageQuery) {
    const rows = await this.audit.page(query.limit, decodeCursor(query.cursor, /^\d{1,19}$/));
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...event }) => event);
  }
}
