import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../infra/database/sql';
import {
  OrderIntentEntity,
  type IntentStatus,
  type OrderSide,
  type RiskNote,
} from './order-intent.entity';

/** Statuses after which nothing more happens to an order. */
export const FINAL_STATUSES: IntentStatus[] = [
  'simulated',
  'dropped',
  'filled',
  'canceled',
  'rejected',
  'expired',
];
/** Statuses that still need the broker: to be sent, or followed to a final state. */
export const OPEN_STATUSES: IntentStatus[] = [
  'planned',
  'submitting',
  'submitted',
  'partially_filled',
  'unknown',
];

export interface NewIntent {
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  notional: string | null;
  qty: string | null;
  estimatedNotional: string | null;
  /** The price per share the plan used, when it knew one (slippage is measured against it). */
  plannedPrice?: string | null;
  status: Extract<IntentStatus, 'planned' | 'simulated' | 'dropped'>;
  riskNotes: RiskNote[];
}

export interface BrokerOrderUpdate {
  brokerOrderId: string;
  brokerStatus: string;
  status: IntentStatus;
  filledQty: string | null;
  filledAvgPrice: string | null;
  filledAt: string | null;
  submittedAt: string | null;
}

export interface OrderFilters {
  status?: IntentStatus;
  symbol?: string;
  runId?: string;
  from?: string;
  to?: string;
}

const COLUMNS = `id, run_id AS "runId", trading_day AS "tradingDay", strategy, client_order_id AS "clientOrderId",
  symbol, side, notional, qty, estimated_notional AS "estimatedNotional", planned_price AS "plannedPrice", simulated, status, broker_order_id AS "brokerOrderId", broker_status AS "brokerStatus",
  filled_qty AS "filledQty", filled_avg_price AS "filledAvgPrice", filled_at AS "filledAt", submitted_at AS "submittedAt",
  risk_notes AS "riskNotes", reject_reason AS "rejectReason", plan_seq AS "planSeq", absent_since AS "absentSince",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
/** The plan's order (plan_seq), then insertion: rows of one insert share created_at. */
const PLAN_ORDER = `ORDER BY created_at, plan_seq NULLS LAST, id`;

const toEntity = (row: Record<string, unknown>) => Object.assign(new OrderIntentEntity(), row);

/** Order intents: persisted before anything is sent; decimals stay strings end to end. */
@Injectable()
export class OrderIntentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the run's intents in one statement. A real intent whose client_order_id already exists
   * (an order of this day, strategy, symbol and side was already planned) is not inserted again.
   */
  async insertMany(
    run: { id: string; tradingDay: string; strategy: string; simulated: boolean },
    intents: NewIntent[],
  ): Promise<OrderIntentEntity[]> {
    if (intents.length === 0) return [];
    const rows = await sqlRows(
      this.dataSource,
      `INSERT INTO order_intent (run_id, trading_day, strategy, client_order_id, symbol, side, notional, qty, estimated_notional, planned_price, simulated, status, risk_notes, plan_seq)
       SELECT $1, $2, $3, i.client_order_id, i.symbol, i.side, i.notional, i.qty, i.estimated_notional, i.planned_price, $4, i.status, i.risk_notes, i.ord
         FROM jsonb_to_recordset($5::jsonb) AS i(client_order_id text, symbol text, side text, notional numeric, qty numeric, estimated_notional numeric, planned_price numeric, status text, risk_notes jsonb, ord int)
        ORDER BY i.ord
       ON CONFLICT (client_order_id) WHERE NOT simulated DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        run.id,
        run.tradingDay,
        run.strategy,
        run.simulated,
        JSON.stringify(
          intents.map((intent, ord) => ({
            client_order_id: intent.clientOrderId,
            symbol: intent.symbol,
            side: intent.side,
            notional: intent.notional,
            qty: intent.qty,
            estimated_notional: intent.estimatedNotional,
            planned_price: intent.plannedPrice ?? null,
            status: intent.status,
            risk_notes: intent.riskNotes,
            ord,
          })),
        ),
      ],
    );
    return rows.map(toEntity);
  }

  /** Real (not simulated) intents of a trading day for one strategy, in the order they were planned. */
  async realForDay(tradingDay: string, strategy: string): Promise<OrderIntentEntity[]> {
    const rows = await sqlRows(
      this.dataSource,
      `SELECT ${COLUMNS} FROM order_intent WHERE trading_day = $1 AND strategy = $2 AND NOT simulated ${PLAN_ORDER}`,
      [tradingDay, strategy],
    );
    return rows.map(toEntity);
  }

  /** Moves a day's unfinished intents to the run that resumes them. */
  async adopt(runId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await sqlRows(
      this.dataSource,
      `UPDATE order_intent SET run_id = $1, updated_at = now() WHERE id = ANY($2::uuid[])`,
      [runId, ids],
    );
  }

  /**
   * Notional already sent to the broker on this trading day (every strategy and run): the daily
   * cap's base. A notional order counts at its notional whatever its fate (conservative). A quantity
   * order (a full exit) counts at what it filled once filled, and until then at the larger of its
   * partial fill and its planning estimate: never as zero because no fill has arrived yet.
   */
  async sentNotionalForDay(tradingDay: string): Promise<string> {
    const rows = await sqlRows<{ total: string }>(
      this.dataSource,
      `SELECT coalesce(sum(CASE
                WHEN notional IS NOT NULL THEN notional
                WHEN status IN ('filled', 'canceled', 'expired') THEN coalesce(filled_qty * filled_avg_price, 0)
                ELSE greatest(coalesce(filled_qty * filled_avg_price, 0), coalesce(estimated_notional, 0))
              END), 0)::numeric(18,2)::text AS total
         FROM order_intent
        WHERE trading_day = $1 AND NOT simulated
          AND status IN ('submitting', 'submitted', 'partially_filled', 'filled', 'unknown', 'canceled', 'expired')`,
      [tradingDay],
    );
    return rows[0]?.total ?? '0.00';
  }

  /** Marks the intent as being sent, only from a sendable state; false means someone else has it. */
  async markSubmitting(id: string): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      `UPDATE order_intent SET status = 'submitting', submitted_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('planned', 'submitting', 'unknown') RETURNING id`,
      [id],
    );
    return rows.length === 1;
  }

  async recordBrokerOrder(id: string, update: BrokerOrderUpdate): Promise<void> {
    await this.recordBrokerOrders([{ id, update }]);
  }

  /**
   * What the broker says of each order, in one statement (a reconciliation round of 500 orders is
   * one round trip, not 500). All or none: a failure leaves every row as it was.
   */
  async recordBrokerOrders(updates: { id: string; update: BrokerOrderUpdate }[]): Promise<void> {
    if (updates.length === 0) return;
    await sqlRows(
      this.dataSource,
      `UPDATE order_intent AS i
          SET broker_order_id = u.broker_order_id, broker_status = u.broker_status, status = u.status,
              filled_qty = u.filled_qty, filled_avg_price = u.filled_avg_price, filled_at = u.filled_at,
              submitted_at = coalesce(u.submitted_at, i.submitted_at), absent_since = NULL, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS u(
                id uuid, broker_order_id text, broker_status text, status text, filled_qty numeric,
                filled_avg_price numeric, filled_at timestamptz, submitted_at timestamptz)
        WHERE i.id = u.id`,
      [
        JSON.stringify(
          updates.map(({ id, update }) => ({
            id,
            broker_order_id: update.brokerOrderId,
            broker_status: update.brokerStatus,
            status: update.status,
            filled_qty: update.filledQty,
            filled_avg_price: update.filledAvgPrice,
            filled_at: update.filledAt,
            submitted_at: update.submittedAt,
          })),
        ),
      ],
    );
  }

  /** Resizes a buy that was never sent (status planned), with the risk note saying why. */
  async resize(
    id: string,
    size: { notional: string | null; qty: string | null; estimatedNotional: string },
    note: RiskNote,
    dropped: boolean,
  ): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      `UPDATE order_intent
          SET notional = $2, qty = $3, estimated_notional = $4, risk_notes = risk_notes || $5::jsonb,
              status = CASE WHEN $6 THEN 'dropped' ELSE status END, updated_at = now()
        WHERE id = $1 AND status = 'planned' RETURNING id`,
      [id, size.notional, size.qty, size.estimatedNotional, JSON.stringify([note]), dropped],
    );
    return rows.length === 1;
  }

  /**
   * Notes the broker time at which the order was first found missing (kept if already set) and
   * returns it: absence proves "never received" only once the broker's clock is a bound past it.
   */
  async markAbsent(id: string, brokerTime: string): Promise<Date | null> {
    const rows = await sqlRows<{ absentSince: Date }>(
      this.dataSource,
      `UPDATE order_intent SET absent_since = coalesce(absent_since, $2::timestamptz), updated_at = now()
        WHERE id = $1 RETURNING absent_since AS "absentSince"`,
      [id, brokerTime],
    );
    return rows[0]?.absentSince ?? null;
  }

  /**
   * Of these intents, the ones that belong to a run another process is executing right now
   * (running, heartbeat fresh): never finalised from here, whatever the broker says.
   */
  async heldByOthers(
    ids: string[],
    owner: string,
    staleAfterSeconds: number,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT i.id FROM order_intent i JOIN job_run r ON r.id = i.run_id
        WHERE i.id = ANY($1::uuid[]) AND r.status = 'running' AND r.owner <> $2
          AND r.heartbeat_at > now() - make_interval(secs => $3)`,
      [ids, owner, staleAfterSeconds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Moves an intent from one of `from` to `status`; false when it was in none of them. */
  async transition(
    id: string,
    from: IntentStatus[],
    status: IntentStatus,
    rejectReason: string | null = null,
  ): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      `UPDATE order_intent SET status = $3, reject_reason = coalesce($4, reject_reason), updated_at = now()
        WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
      [id, from, status, rejectReason],
    );
    return rows.length === 1;
  }

  async markStatus(
    id: string,
    status: IntentStatus,
    rejectReason: string | null = null,
  ): Promise<void> {
    await sqlRows(
      this.dataSource,
      `UPDATE order_intent SET status = $2, reject_reason = coalesce($3, reject_reason), updated_at = now() WHERE id = $1`,
      [id, status, rejectReason],
    );
  }

  async forRun(runId: string): Promise<OrderIntentEntity[]> {
    const rows = await sqlRows(
      this.dataSource,
      `SELECT ${COLUMNS} FROM order_intent WHERE run_id = $1 ${PLAN_ORDER}`,
      [runId],
    );
    return rows.map(toEntity);
  }

  /** Every order not yet final, across days: what boot-time reconciliation follows up. */
  async unfinished(): Promise<OrderIntentEntity[]> {
    const rows = await sqlRows(
      this.dataSource,
      `SELECT ${COLUMNS} FROM order_intent WHERE status IN ('submitting', 'submitted', 'partially_filled', 'unknown') ${PLAN_ORDER}`,
    );
    return rows.map(toEntity);
  }

  /** Newest first, keyset-paginated on (created_at, id); each filter has an index. */
  async page(
    filters: OrderFilters,
    limit: number,
    after?: { at: string; id: string },
  ): Promise<(OrderIntentEntity & { cursorAt: string })[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filters.status) add('status = ?', filters.status);
    if (filters.symbol) add('symbol = ?', filters.symbol);
    if (filters.runId) add('run_id = ?', filters.runId);
    if (filters.from) add('created_at >= ?', filters.from);
    if (filters.to) add('created_at < ?', filters.to);
    if (after) {
      params.push(after.at, after.id);
      where.push(
        `(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(limit);
    const rows = await sqlRows(
      this.dataSource,
      `SELECT ${COLUMNS}, created_at::text AS "cursorAt" FROM order_intent ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => toEntity(row) as unknown as OrderIntentEntity & { cursorAt: string });
  }
}
