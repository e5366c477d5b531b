import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '../infra/http/openapi-decorators';
import { HistoryQuery, PortfolioDto, PortfolioHistoryDto } from './dto/portfolio.dto';
import { PortfolioService } from './portfolio.service';

@ApiTags('portfolio')
@ApiBearerAuth()
@Controller('api/portfolio')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  /** Equity, positions with P&L, target versus actual weight; shared by every reader for a few seconds. */
  @Get()
  @ApiOkResponse({ type: PortfolioDto })
  current(): Promise<PortfolioDto> {
    return this.portfolio.portfolio();
  }

  /** The equity curve: the broker's history joined with Openbell's daily snapshots. */
  @Get('history')
  @ApiOkResponse({ type: PortfolioHistoryDto })
  history(@Query() query: HistoryQuery): Promise<PortfolioHistoryDto> {
    return this.portfolio.history(query.period ?? '1M');
  }
}
