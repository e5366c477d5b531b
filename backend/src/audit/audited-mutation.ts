import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActor } from './audit-actor';
import { errorText } from '../infra/error-text';
import { AuditService, type AuditInput } from './audit.service';

/** The transaction of an audited change: its manager, and the one audit event it must record. */
export interface AuditedTransaction {
  manager: EntityManager;
  /** Records the change's audit event in this transaction; returns the event's id. */
  record(event: AuditInput): Promise<string>;
}

/** An effect outside our database (the broker, a run) and how its outcome is recorded. */
export interface AuditedEffect<T> {
  /** Runs in the audit event's transaction, after the event (e.g. the alert announcing it). */
  announce?: (manager: EntityManager, eventId: string) => Promise<void>;
  effect: () => Promise<T>;
  /** The outcome event's `after` on success. */
  outcome: (result: T) => Record<string, unknown>;
  /** The outcome event's `after` on failure (default `{ ok: false, error }`); the error is rethrown. */
  failure?: (error: unknown) => Record<string, unknown>;
}

/**
 * Every operator change goes through here, in one of two shapes (docs/security.md):
 *
 * - `change`: a change to our own database. The change, its audit event and whatever else it
 *   writes (alerts) commit in one transaction, or none of them does; a change that records no
 *   event is rolled back.
 * - `effect`: an effect outside the database. The audit event (and its announcement) commit
 *   first — no audit, no effect — then the effect runs, then its outcome is recorded as a second
 *   event (`<action>.outcome`; audit_event is append-only), whether the effect succeeded or not.
 */
@Injectable()
export class AuditedMutation {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  change<T>(actor: AuditActor, apply: (tx: AuditedTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      let recorded = 0;
      const result = await apply({
        manager,
        record: (event) => {
          recorded += 1;
          return this.audit.record(manager, actor, event);
        },
      });
      if (recorded !== 1)
        throw new Error(`an audited change must record exactly one event (recorded ${recorded})`);
      return result;
    });
  }

  async effect<T>(actor: AuditActor, event: AuditInput, effect: AuditedEffect<T>): Promise<T> {
    const eventId = await this.dataSource.transaction(async (manager) => {
      const id = await this.audit.record(manager, actor, event);
      await effect.announce?.(manager, id);
      return id;
    });
    let result: T;
    try {
      result = await effect.effect();
    } catch (error) {
      const after = effect.failure?.(error) ?? { ok: false, error: errorText(error) };
      await this.audit.recordOutcome(actor, event.action, eventId, event.reason, after);
      throw error;
    }
    await this.audit.recordOutcome(
      actor,
      event.action,
      eventId,
      event.reason,
      effect.outcome(result),
    );
    return result;
  }
}
