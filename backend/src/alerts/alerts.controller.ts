import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '../infra/http/openapi-decorators';
import { PageQuery } from '../infra/http/pagination';
import { AlertsService } from './alerts.service';
import { AlertPageDto } from './dto/alerts-response.dto';

/** Alerts with the delivery status of each channel (the outbox). */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOkResponse({ type: AlertPageDto })
  list(@Query() query: PageQuery): Promise<AlertPageDto> {
    return this.alerts.page(query);
  }
}
