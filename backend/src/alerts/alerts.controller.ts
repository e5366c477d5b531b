import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { decodeCursor, PageQuery, pageOf, UUID } from '../infra/http/pagination';
import { AlertsRepository } from './alerts.repository';
import { AlertPageDto } from './dto/alerts-response.dto';

/** Alerts with the delivery status of each channel (the outbox). */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsRepository) {}

  @Get()
  @ApiOkResponse({ type: AlertPageDto })
  async list(@Query() query: PageQuery) {
    const rows = await this.alerts.page(query.limit, decodeCursor(query.cursor, UUID));
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...alert }) => alert);
  }
}
