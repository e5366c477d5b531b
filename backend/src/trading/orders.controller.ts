import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/auth.decorators';
import { ErrorResponseDto } from '../infra/http/error-response.dto';
import { decodeCursor, pageOf, UUID } from '../infra/http/pagination';
import { CancelAllService } from './cancel-all.service';
import { CancelAllResultDto, OrderPageDto } from './dto/responses.dto';
import { CancelAllDto, OrdersQuery } from './dto/runs.dto';
import { OrderIntentRepository } from './order-intent.repository';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly orders: OrderIntentRepository,
    private readonly cancelAllService: CancelAllService,
  ) {}

  @Get()
  @ApiOkResponse({ type: OrderPageDto })
  async list(@Query() query: OrdersQuery) {
    const rows = await this.orders.page(
      { status: query.status, symbol: query.symbol, from: query.from, to: query.to },
      query.limit,
      decodeCursor(query.cursor, UUID),
    );
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...order }) => order);
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
  cancelAll(@Body() body: CancelAllDto, @CurrentActor() actor: Actor) {
    return this.cancelAllService.cancelAll(actor, body.reason);
  }
}
