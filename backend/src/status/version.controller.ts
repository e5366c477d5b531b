import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '../infra/http/openapi-decorators';
import { Public } from '../auth/auth.decorators';
import { VersionDto } from './dto/version.dto';
import { VersionService } from './version.service';

@ApiTags('status')
@Controller('api/version')
export class VersionController {
  constructor(private readonly versionService: VersionService) {}

  /**
   * The deployed commit and the applied migrations. Public, like the health probes: the deploy
   * workflow checks it without an account, and it holds nothing an attacker could not read off
   * the public repository.
   */
  @Public()
  @Get()
  @ApiOkResponse({ type: VersionDto })
  version(): Promise<VersionDto> {
    return this.versionService.version();
  }
}
