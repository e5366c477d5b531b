import { Body, Controller, Get, Patch } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiPropertyOptional,
  ApiTags,
} from '../infra/http/openapi-decorators';
import { IsBoolean } from '../infra/http/class-validator';
import { Actor } from '../auth/auth.decorators';
import { ReasonDto } from '../infra/http/reason.dto';
import { OptionalNotNull } from '../infra/http/validation';
import { TogglesDto } from './dto/toggles-response.dto';
import { TogglesService } from './toggles.service';
export class PatchTogglesDto extends ReasonDto {
  @ApiPropertyOptional({ description: 'the kill switch: false stops order submission at once' })
  @OptionalNotNull()
  @IsBoolean({ message: 'tradingEnabled must be true or false' })
  tradingEnabled?: boolean;

  @ApiPropertyOptional({
    description: 'false pauses the scheduler (its triggers are recorded as skipped)',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'schedulerEnabled must be true or false' })
  schedulerEnabled?: boolean;
}

@ApiTags('toggles')
@ApiBearerAuth()
@Controller('api/toggles')
export class TogglesController {
  constructor(private readonly toggles: TogglesService) {}

  @Get()
  @ApiOkResponse({ type: TogglesDto })
  get(): Promise<TogglesDto> {
    return this.toggles.view();
  }

  /** The change, its audit event and its alerts commit together, or none of them does. */
  @Patch()
  @ApiOkResponse({ type: TogglesDto })
  patch(@Body() body: PatchTogglesDto, @Actor() actor: Actor): Promise<TogglesDto> {
    return this.toggles.change(
      { tradingEnabled: body.tradingEnabled, schedulerEnabled: body.schedulerEnabled },
      actor,
      body.reason,
    );
  }
}
