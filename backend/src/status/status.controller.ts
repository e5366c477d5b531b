import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { StatusService } from './status.service';

@ApiTags('status')
@ApiBearerAuth()
@Controller('api/status')
export class StatusController {
  constructor(private readonly statusService: StatusService) {}

  /** Effective trading mode, env ceiling, scheduler, broker clock, next attempt, last run. */
  @Get()
  status() {
    return this.statusService.status();
  }
}
