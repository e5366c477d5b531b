import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, PageQuery, pageOf, UUID } from '../infra/http/pagination';
import { sqlRows } from '../infra/database/sql';

/** Alerts with the delivery status of each channel (the outbox). */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/alerts')
export class AlertsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  async list(@Query() query: PageQuery) {
    const after = decodeCursor(query.cursor, UUID);
    const rows = await sqlRows<{ id: string; cursorAt: string }>(
      this.dataSource,
      `SELECT a.id, a.kind, a.severity, a.trading_day AS "tradingDay", a.message, a.payload, a.created_at AS "createdAt",
              a.created_at::text AS "cursorAt",
              coalesce(json_agg(json_build_object('channel', d.channel, 'status', d.status, 'attempts', d.attempts, 'lastError', d.last_error, 'sentAt', d.sent_at, 'nextAttemptAt', CASE WHEN d.status = 'pending' THEN d.next_attempt_at END) ORDER BY d.channel)
                       FILTER (WHERE d.id IS NOT NULL), '[]') AS deliveries
         FROM alert a LEFT JOIN alert_delivery d ON d.alert_id = a.id
        ${after ? 'WHERE (a.created_at, a.id) < ($2::timestamptz, $3::uuid)' : ''}
        GROUP BY a.id ORDER BY a.created_at DESC, a.id DESC LIMIT $1`,
      after ? [query.limit, after.at, after.id] : [query.limit],
    );
    return pageOf(rows, query.limit, ({ cursorAt: _c, ...alert }) => alert);
  }
}
