import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { decodeCursor, PageQuery, pageOf, UUID } from '../infra/http/pagination';
import { AlertsRepository } from './alerts.repository';

/** Alerts with the delivery status of each channel (the outbox). */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsRepository) {}

  @Get()
  async list(@Query() query: PageQuery) {
    const rows = await this.alerts.page(query.limit, decodeCursor(query.cursor, UUID));
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...alert }) => alert);
  }
}
