import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Subject } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertsService } from '../alerts/alerts.service';
import type { AuditActor } from '../audit/audit-actor';
import { AuditedMutation } from '../audit/audited-mutation';
import { AppConfig } from '../infra/config/app-config';
import { ToggleEntity, type ToggleKey } from './toggle.entity';

export interface ToggleState {
  tradingEnabled: boolean;
  schedulerEnabled: boolean;
  updatedAt: Date;
  updatedBy: string | null;
}

export type TradingMode = 'live' | 'dry-run';

export interface EffectiveTrading {
  /** Orders are sent to the broker only when this is true. */
  enabled: boolean;
  mode: TradingMode;
  /** Why trading is off: the env ceiling (TRADING_ENABLED=false) or the admin kill switch. */
  reason: 'env-ceiling' | 'kill-switch' | null;
  envCeiling: boolean;
  toggle: boolean;
}

export type TogglePatch = Partial<Pick<ToggleState, 'tradingEnabled' | 'schedulerEnabled'>>;

/** The toggles as the API shows them: the stored switches and what they mean together. */
export type ToggleView = ToggleState & { effective: EffectiveTrading };

const KEYS: Record<keyof TogglePatch, ToggleKey> = {
  tradingEnabled: 'trading_enabled',
  schedulerEnabled: 'scheduler_enabled',
};

/**
 * The kill switch and the scheduler pause, persisted in the database so every replica sees the
 * same value. Trading is effective only when env TRADING_ENABLED (the ceiling) AND the toggle allow it.
 */
@Injectable()
export class TogglesService {
  /**
   * Emits after a change made in this process has committed, for caches of what depends on the
   * toggles (the status answer, the preview). Other replicas see a change at their cache's expiry.
   */
  readonly changed = new Subject<ToggleState>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly mutation: AuditedMutation,
    private readonly alerts: AlertsService,
  ) {}

  async view(): Promise<ToggleView> {
    const state = await this.get();
    return { ...state, effective: this.effective(state) };
  }

  /**
   * An operator's change: the toggles, its audit event and an alert per switch that moved commit
   * together, or none of them does. Turning trading off is a critical alert.
   */
  async change(patch: TogglePatch, actor: AuditActor, reason: string): Promise<ToggleView> {
    const after = await this.mutation.change(actor, async ({ manager, record }) => {
      const change = await this.apply(manager, patch, actor.email);
      const pick = (state: ToggleState) => ({
        tradingEnabled: state.tradingEnabled,
        schedulerEnabled: state.schedulerEnabled,
      });
      await record({
        action: 'toggles.update',
        target: 'toggles',
        before: pick(change.before),
        after: pick(change.after),
        reason,
      });
      for (const [field, kind] of [
        ['tradingEnabled', 'trading_toggled'],
        ['schedulerEnabled', 'scheduler_toggled'],
      ] as const) {
        if (change.before[field] === change.after[field]) continue;
        const on = change.after[field];
        const what = field === 'tradingEnabled' ? 'trading (kill switch)' : 'the scheduler';
        await this.alerts.raise(
          {
            kind,
            dedupKey: `${kind}:${change.after.updatedAt.toISOString()}:${actor.requestId ?? ''}`,
            severity: kind === 'trading_toggled' && !on ? 'critical' : 'warning',
            tradingDay: null,
            summary: `${actor.email} turned ${what} ${on ? 'ON' : 'OFF'}. Reason: ${reason}`,
            details: { before: change.before[field], after: on, actor: actor.email },
          },
          manager,
        );
      }
      return change.after;
    });
    this.changed.next(after);
    return { ...after, effective: this.effective(after) };
  }

  async get(manager: EntityManager = this.dataSource.manager): Promise<ToggleState> {
    const rows = await manager.find(ToggleEntity);
    const byKey = new Map(rows.map((row) => [row.key, row]));
    const latest = rows.reduce<ToggleEntity | undefined>(
      (a, b) => (!a || b.updatedAt > a.updatedAt ? b : a),
      undefined,
    );
    return {
      // A missing row reads as the safe value: trading off, scheduler on (it only ever skips or dry-runs then).
      tradingEnabled: byKey.get('trading_enabled')?.enabled ?? false,
      schedulerEnabled: byKey.get('scheduler_enabled')?.enabled ?? true,
      updatedAt: latest?.updatedAt ?? new Date(0),
      updatedBy: latest?.updatedBy ?? null,
    };
  }

  effective(state: Pick<ToggleState, 'tradingEnabled'>): EffectiveTrading {
    const envCeiling = this.config.trading.enabled;
    const enabled = envCeiling && state.tradingEnabled;
    return {
      enabled,
      mode: enabled ? 'live' : 'dry-run',
      reason: !envCeiling ? 'env-ceiling' : !state.tradingEnabled ? 'kill-switch' : null,
      envCeiling,
      toggle: state.tradingEnabled,
    };
  }

  /** Re-read from the database before every order: one indexed primary-key read. */
  async isTradingAllowed(): Promise<boolean> {
    if (!this.config.trading.enabled) return false;
    const rows: { enabled: boolean }[] = await this.dataSource.query(
      `SELECT enabled FROM toggle WHERE key = 'trading_enabled'`,
    );
    return rows[0]?.enabled === true;
  }

  /** Applies a change inside the audited transaction of `change`. */
  private async apply(
    manager: EntityManager,
    patch: TogglePatch,
    actor: string,
  ): Promise<{ before: ToggleState; after: ToggleState }> {
    // Lock the rows so concurrent changes serialise and each audit event's "before" is true.
    await manager.query(`SELECT key FROM toggle FOR UPDATE`);
    const before = await this.get(manager);
    for (const [field, key] of Object.entries(KEYS) as [keyof TogglePatch, ToggleKey][]) {
      const value = patch[field];
      if (value === undefined) continue;
      await manager.query(
        `INSERT INTO toggle (key, enabled, updated_at, updated_by) VALUES ($1, $2, now(), $3)
         ON CONFLICT (key) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [key, value, actor],
      );
    }
    const after = await this.get(manager);
    return { before, after };
  }
}
