import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentActor, type Actor } from '../auth/auth.decorators';
import { decodeCursor, pageOf, UUID } from '../infra/http/pagination';
import { ALERTS, type AlertPort } from './alert-port';
import { CancelAllResultDto, OrderPageDto } from './dto/responses.dto';
import { CancelAllDto, OrdersQuery } from './dto/runs.dto';
import type { BrokerPort } from './execution/broker-port';
import { BROKER } from './execution/execution.tokens';
import { OrderReconciler } from './execution/order-reconciler';
import { OrderIntentRepository } from './order-intent.repository';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly orders: OrderIntentRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(BROKER) private readonly broker: BrokerPort,
    @Inject(ALERTS) private readonly alerts: AlertPort,
    private readonly reconciler: OrderReconciler,
  ) {}

  private readonly logger = new Logger(OrdersController.name);

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

  /** Emergency: cancel every open order at the broker (207 per order), recorded and alerted. */
  @Post('cancel-all')
  @HttpCode(200)
  @ApiOkResponse({ type: CancelAllResultDto })
  async cancelAll(@Body() body: CancelAllDto, @CurrentActor() actor: Actor) {
    const results = await this.broker.cancelAllOrders();
    // The audit event and the alert commit together.
    await this.dataSource.transaction(async (manager) => {
      await this.audit.record(manager, actor, {
        action: 'orders.cancel_all',
        target: 'broker',
        after: { canceled: results.length, results },
        reason: body.reason,
      });
      await this.alerts.raise(
        {
          kind: 'cancel_all',
          dedupKey: `cancel_all:${actor.requestId ?? randomUUID()}`,
          severity: 'warning',
          tradingDay: null,
          summary: `${actor.email} cancelled all open orders at the broker (${results.length}). Reason: ${body.reason}`,
          details: { results, actor: actor.email },
        },
        manager,
      );
    });
    // One reconciliation round, so the orders list shows the cancellations now rather than at the
    // next run or boot. Best effort: the cancel already happened and is recorded.
    await this.reconciler
      .reconcile(await this.orders.unfinished(), { deadline: new Date(), pollMs: 0 })
      .catch((error: unknown) =>
        this.logger.warn(`reconcile after cancel-all failed: ${String(error)}`),
      );
    return { canceled: results.length, results };
  }
}
