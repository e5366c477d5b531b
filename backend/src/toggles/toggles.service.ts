import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

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

  /** Applies a change inside the caller's transaction (which also writes the audit event). */
  async apply(
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
