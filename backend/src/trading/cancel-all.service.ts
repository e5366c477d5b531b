import { BadGatewayException, Injectable, Logger } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import type { AuditActor } from '../audit/audit-actor';
import { AuditedMutation } from '../audit/audited-mutation';
import { errorText } from '../infra/error-text';
import { AlpacaClient } from './broker/alpaca.client';
import { OrderReconciler } from './execution/order-reconciler';
import { OrderIntentRepository } from './order-intent.repository';

export interface CancelAllResult {
  canceled: number;
  results: { id: string; status: number }[];
}

/**
 * The emergency cancel-all, an audited effect (AuditedMutation.effect): the audit event and its
 * alert commit first — if they cannot be written, the broker is never called; then DELETE
 * /v2/orders at the broker; then the outcome as `orders.cancel_all.outcome`, success or not.
 */
@Injectable()
export class CancelAllService {
  private readonly logger = new Logger(CancelAllService.name);

  constructor(
    private readonly mutation: AuditedMutation,
    private readonly broker: AlpacaClient,
    private readonly alerts: AlertsService,
    private readonly orders: OrderIntentRepository,
    private readonly reconciler: OrderReconciler,
  ) {}

  async cancelAll(actor: AuditActor, reason: string): Promise<CancelAllResult> {
    let brokerFailed = false;
    const results = await this.mutation
      .effect(
        actor,
        { action: 'orders.cancel_all', target: 'broker', after: { requested: true }, reason },
        {
          announce: (manager, eventId) =>
            this.alerts.raise(
              {
                kind: 'cancel_all',
                // The audit event's id: unique per request and never from client input.
                dedupKey: `cancel_all:${eventId}`,
                severity: 'warning',
                tradingDay: null,
                summary: `${actor.email} is cancelling all open orders at the broker. Reason: ${reason}`,
                details: { actor: actor.email, auditEventId: eventId },
              },
              manager,
            ),
          effect: () =>
            this.broker.cancelAllOrders().catch((error: unknown) => {
              brokerFailed = true;
              throw error;
            }),
          outcome: (results) => ({ ok: true, canceled: results.length, results }),
        },
      )
      .catch((error: unknown) => {
        // No audit event, no call: that failure is the server's (500), not the broker's.
        if (!brokerFailed) throw error;
        // The broker's error text stays in the audit event and the log, not in the answer.
        this.logger.warn(`cancel-all: the broker did not confirm: ${errorText(error)}`);
        throw new BadGatewayException(
          'the broker did not confirm the cancellation; check open orders at the broker (the audit log has the outcome)',
        );
      });
    // One reconciliation round, so the orders list shows the cancellations now rather than at the
    // next run or boot. Best effort: the cancel already happened and is recorded.
    await this.reconciler
      .reconcile(await this.orders.unfinished(), { deadline: new Date(), pollMs: 0 })
      .catch((error: unknown) =>
        this.logger.warn(`reconcile after cancel-all failed: ${errorText(error)}`),
      );
    return { canceled: results.length, results };
  }
}
