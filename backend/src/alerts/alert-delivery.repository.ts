import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlRows } from '../infra/database/sql';
import type { AlertChannel } from './alert.entity';
import type { OutgoingAlert } from './alert-channels';

export interface ClaimedDelivery {
  id: string;
  channel: AlertChannel;
  /** Including this one. */
  attempts: number;
  alert: OutgoingAlert;
}

/** The outbox's SQL: claim due rows (replica-safe), then record each outcome. */
@Injectable()
export class AlertDeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes up to `limit` due pending deliveries and leases them for `leaseSeconds` (pushes
   * next_attempt_at ahead and counts the attempt) in one statement. FOR UPDATE SKIP LOCKED: two
   * replicas claiming at once get disjoint rows, and a leased row is not due again until the lease
   * ends — so a process that dies mid-send has its row retried after the lease, never lost.
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const rows = await sqlRows<{
      id: string;
      channel: AlertChannel;
      attempts: number;
      alert_id: string;
      kind: string;
      severity: OutgoingAlert['severity'];
      trading_day: string | null;
      message: string;
      payload: Record<string, unknown>;
      created_at: Date;
    }>(
      this.dataSource,
      `WITH due AS (
         SELECT id FROM alert_delivery
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, id
          LIMIT $1
          FOR UPDATE SKIP LOCKED)
       UPDATE alert_delivery d
          SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
         FROM due, alert a
        WHERE d.id = due.id AND a.id = d.alert_id
       RETURNING d.id, d.channel, d.attempts, a.id AS alert_id, a.kind, a.severity,
                 a.trading_day::text AS trading_day, a.message, a.payload, a.created_at`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      attempts: r.attempts,
      alert: {
        id: r.alert_id,
        kind: r.kind,
        severity: r.severity,
        tradingDay: r.trading_day,
        message: r.message,
        payload: r.payload,
        createdAt: new Date(r.created_at).toISOString(),
      },
    }));
  }

  async markSent(id: string): Promise<void> {
    await sqlRows(
      this.dataSource,
      `UPDATE alert_delivery SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`,
      [id],
    );
  }

  /** A failed attempt: due again after `retryInMs`, or given up (`failed`, still listed) when null. */
  async markFailedAttempt(id: string, error: string, retryInMs: number | null): Promise<void> {
    await sqlRows(
      this.dataSource,
      retryInMs === null
        ? `UPDATE alert_delivery SET status = 'failed', last_error = $2 WHERE id = $1`
        : `UPDATE alert_delivery SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
      retryInMs === null ? [id, error.slice(0, 500)] : [id, error.slice(0, 500), retryInMs / 1000],
    );
  }
}
