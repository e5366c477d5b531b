import { BadGatewayException, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/auth.decorators';
import { ALERTS, type AlertPort } from './alert-port';
import type { BrokerPort } from './execution/broker-port';
import { BROKER } from './execution/execution.tokens';
import { OrderReconciler } from './execution/order-reconciler';
import { OrderIntentRepository } from './order-intent.repository';

export interface CancelAllResult {
  canceled: number;
  results: Record<string, unknown>[];
}

/**
 * The emergency cancel-all, in the order every mutation follows (docs/security.md):
 * 1. the audit event and its alert commit first — if they cannot be written, the broker is never
 *    called;
 * 2. the effect (DELETE /v2/orders at the broker);
 * 3. the outcome, as a second audit event (`orders.cancel_all.outcome`, audit_event is
 *    append-only), whether the broker succeeded or not.
 */
@Injectable()
export class CancelAllService {
  private readonly logger = new Logger(CancelAllService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(BROKER) private readonly broker: BrokerPort,
    @Inject(ALERTS) private readonly alerts: AlertPort,
    private readonly orders: OrderIntentRepository,
    private readonly reconciler: OrderReconciler,
  ) {}

  async cancelAll(actor: Actor, reason: string): Promise<CancelAllResult> {
    const eventId = await this.dataSource.transaction(async (manager) => {
      const id = await this.audit.record(manager, actor, {
        action: 'orders.cancel_all',
        target: 'broker',
        after: { requested: true },
        reason,
      });
      await this.alerts.raise(
        {
          kind: 'cancel_all',
          // The audit event's id: unique per request and never from client input.
          dedupKey: `cancel_all:${id}`,
          severity: 'warning',
          tradingDay: null,
          summary: `${actor.email} is cancelling all open orders at the broker. Reason: ${reason}`,
          details: { actor: actor.email, auditEventId: id },
        },
        manager,
      );
      return id;
    });

    let results: { id: string; status: number }[];
    try {
      results = await this.broker.cancelAllOrders();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.audit.recordOutcome(actor, 'orders.cancel_all', eventId, reason, {
        ok: false,
        error: message,
      });
      // The broker's error text stays in the audit event and the log, not in the answer.
      throw new BadGatewayException(
        'the broker did not confirm the cancellation; check open orders at the broker (the audit log has the outcome)',
      );
    }
    await this.audit.recordOutcome(actor, 'orders.cancel_all', eventId, reason, {
      ok: true,
      canceled: results.length,
      results,
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
