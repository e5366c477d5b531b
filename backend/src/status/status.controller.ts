import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '../infra/http/openapi-decorators';
import { StatusDto } from './dto/status.dto';
import { StatusService } from './status.service';

@ApiTags('status')
@ApiBearerAuth()
@Controller('api/status')
export class StatusController {
  constructor(private readonly statusService: StatusService) {}

  /** Effective trading mode, env ceiling, scheduler, broker clock, next attempt, last run. */
  @Get()
  @ApiOkResponse({ type: StatusDto })
  status(): Promise<StatusDto> {
    return this.statusService.status();
  }
}
