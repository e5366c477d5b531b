import { Injectable, NotFoundException } from '@nestjs/common';
import { decodeCursor, pageOf, type PageQuery, UUID } from '../infra/http/pagination';
import { JobRunRepository } from '../scheduling/job-run.repository';
import type { OrdersQuery } from './dto/runs.dto';
import { OrderIntentRepository } from './order-intent.repository';
import { plannedVsFilled } from './planned-vs-filled';

/** What the ledger recorded: runs and orders, newest first, and one run in detail. */
@Injectable()
export class RunHistoryService {
  constructor(
    private readonly ledger: JobRunRepository,
    private readonly orders: OrderIntentRepository,
  ) {}

  async runs(query: PageQuery) {
    const rows = await this.ledger.page(query.limit, decodeCursor(query.cursor, UUID));
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...run }) => run);
  }

  /** One run with its orders, planned versus filled; 404 when there is no such run. */
  async run(id: string) {
    const run = await this.ledger.findById(id);
    if (!run) throw new NotFoundException(`run ${id} not found`);
    const orders = await this.orders.forRun(id);
    return { ...run, orders, plannedVsFilled: plannedVsFilled(orders) };
  }

  async orderPage(query: OrdersQuery) {
    const rows = await this.orders.page(
      { status: query.status, symbol: query.symbol, from: query.from, to: query.to },
      query.limit,
      decodeCursor(query.cursor, UUID),
    );
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...order }) => order);
  }
}
