import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiTags,
} from '../infra/http/openapi-decorators';
import { Actor } from '../auth/auth.decorators';
import { ErrorResponseDto } from '../infra/http/error-response.dto';
import { CancelAllService } from './cancel-all.service';
import { CancelAllResultDto, OrderPageDto } from './dto/responses.dto';
import { CancelAllDto, OrdersQuery } from './dto/runs.dto';
import { RunHistoryService } from './run-history.service';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly history: RunHistoryService,
    private readonly cancelAllService: CancelAllService,
  ) {}

  @Get()
  @ApiOkResponse({ type: OrderPageDto })
  list(@Query() query: OrdersQuery): Promise<OrderPageDto> {
    return this.history.orderPage(query);
  }

  /**
   * Emergency: cancel every open order at the broker. Audited and alerted before the broker is
   * called; the outcome is recorded after (CancelAllService).
   */
  @Post('cancel-all')
  @HttpCode(200)
  @ApiOkResponse({ type: CancelAllResultDto })
  @ApiBadGatewayResponse({
    type: ErrorResponseDto,
    description: 'the broker did not confirm; the request and its outcome are in the audit log',
  })
  cancelAll(@Body() body: CancelAllDto, @Actor() actor: Actor): Promise<CancelAllResultDto> {
    return this.cancelAllService.cancelAll(actor, body.reason);
  }
}
