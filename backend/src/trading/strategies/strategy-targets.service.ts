import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, type TargetWeight } from '../../infra/config/app-config';
import { SYMBOL_PATTERN } from '../../infra/config/config.schema';
import { StrategyTargetEntity } from './strategy-target.entity';

export interface TargetsView {
  source: 'database' | 'environment';
  targets: TargetWeight[];
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The fixed-weights targets: saved from the admin, or STRATEGY_TARGETS until the first save. */
@Injectable()
export class StrategyTargetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async get(manager: EntityManager = this.dataSource.manager): Promise<TargetsView> {
    const rows = await manager.find(StrategyTargetEntity, { order: { symbol: 'ASC' } });
    if (rows.length === 0)
      return {
        source: 'environment',
        targets: this.config.strategy.targets,
        updatedAt: null,
        updatedBy: null,
      };
    const latest = rows.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
    return {
      source: 'database',
      targets: rows.map((r) => ({ symbol: r.symbol, weight: Number(r.weight) })),
      updatedAt: latest.updatedAt,
      updatedBy: latest.updatedBy,
    };
  }

  /** Replaces every target inside the caller's transaction (which writes the audit event too). */
  async replace(
    manager: EntityManager,
    targets: TargetWeight[],
    actor: string,
  ): Promise<{ before: TargetsView; after: TargetsView }> {
    validateTargets(targets);
    await manager.query('LOCK TABLE strategy_target IN EXCLUSIVE MODE');
    const before = await this.get(manager);
    await manager.query('DELETE FROM strategy_target');
    for (const t of targets) {
      await manager.query(
        'INSERT INTO strategy_target (symbol, weight, updated_at, updated_by) VALUES ($1, $2, now(), $3)',
        [t.symbol, t.weight.toFixed(6), actor],
      );
    }
    return { before, after: await this.get(manager) };
  }
}

/** 400 naming the problem: symbol format, 0 < weight ≤ 1, no duplicates, sum ≤ 1. */
export function validateTargets(targets: TargetWeight[]): void {
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    if (!SYMBOL_PATTERN.test(t.symbol))
      throw new BadRequestException(`targets.${i}.symbol "${t.symbol}" is not a valid symbol`);
    if (!(t.weight > 0 && t.weight <= 1))
      throw new BadRequestException(`targets.${i}.weight must be greater than 0 and at most 1`);
    if (seen.has(t.symbol))
      throw new BadRequestException(`targets.${i}.symbol ${t.symbol} is listed twice`);
    seen.add(t.symbol);
  });
  const total = targets.reduce((sum, t) => sum + Math.round(t.weight * 1e6), 0);
  if (total > 1e6)
    throw new BadRequestException(
      `targets weights sum to ${(total / 1e6).toFixed(6)}, more than 1`,
    );
}
