import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Subject } from 'rxjs';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import type { AuditActor } from '../../audit/audit-actor';
import { AuditedMutation } from '../../audit/audited-mutation';
import { AppConfig } from '../../infra/config/app-config';
import { targetProblems, type TargetWeight } from './strategy';
import { StrategyTargetEntity } from './strategy-target.entity';

export interface TargetsView {
  /** 'database' once an operator has saved targets; 'environment' (STRATEGY_TARGETS) until then. */
  source: 'database' | 'environment';
  targets: TargetWeight[];
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The fixed-weights targets: saved from the admin, or STRATEGY_TARGETS until the first save. */
@Injectable()
export class StrategyTargetsService {
  private readonly targets: Repository<StrategyTargetEntity>;
  /** Emits after a change made in this process has committed (the preview's cache listens). */
  readonly changed = new Subject<TargetsView>();

  // The repository comes from the DataSource (not forFeature) so this service resolves in any
  // module of the app; only this module's files touch strategy_target.
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly mutation: AuditedMutation,
  ) {
    this.targets = dataSource.getRepository(StrategyTargetEntity);
  }

  /** The configured strategy's name and the fixed-weights targets in force. */
  async view(): Promise<{ strategy: string; fixedWeights: TargetsView }> {
    return { strategy: this.config.strategy.name, fixedWeights: await this.get() };
  }

  /** An operator's change: the targets and its audit event commit together, or neither does. */
  async change(targets: TargetWeight[], actor: AuditActor, reason: string): Promise<TargetsView> {
    const after = await this.mutation.change(actor, async ({ manager, record }) => {
      const change = await this.replace(manager, targets, actor.email);
      await record({
        action: 'strategy.targets',
        target: 'fixed-weights',
        before: change.before.targets,
        after: change.after.targets,
        reason,
      });
      return change.after;
    });
    this.changed.next(after);
    return after;
  }

  /** The targets in force, read through `manager` when given (inside a caller's transaction). */
  async get(manager?: EntityManager): Promise<TargetsView> {
    const repository = manager ? manager.getRepository(StrategyTargetEntity) : this.targets;
    const rows = await repository.find({ order: { symbol: 'ASC' } });
    if (rows.length === 0)
      return {
        source: 'environment',
        targets: this.config.strategy.targets.map((t) => ({ symbol: t.symbol, weight: t.weight })),
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

  /**
   * Replaces every target inside the audited transaction of `change`, so the change and its audit
   * record commit or roll back together. Concurrent replacements
   * serialise on a table lock; each sees the other's result as its `before`.
   */
  async replace(
    manager: EntityManager,
    targets: TargetWeight[],
    actor: string,
  ): Promise<{ before: TargetsView; after: TargetsView }> {
    validateTargets(targets);
    if (!actor.trim()) throw new Error('replace() needs the acting user');
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('replace() must run inside the caller’s transaction');
    await manager.query('LOCK TABLE strategy_target IN SHARE ROW EXCLUSIVE MODE');
    const before = await this.get(manager);
    await manager.createQueryBuilder().delete().from(StrategyTargetEntity).execute();
    await manager.getRepository(StrategyTargetEntity).insert(
      targets.map((t) => ({
        symbol: t.symbol,
        weight: t.weight.toFixed(6),
        updatedBy: actor,
      })),
    );
    return { before, after: await this.get(manager) };
  }
}

/**
 * 400 naming every problem: symbol format, 0 < weight ≤ 1 with at most 6 decimals, no
 * duplicates, sum ≤ 1, and at least one target (an empty table means "use STRATEGY_TARGETS", so an
 * empty list would silently bring the environment's targets back rather than hold cash).
 */
export function validateTargets(targets: TargetWeight[]): void {
  if (targets.length === 0)
    throw new BadRequestException(
      'targets must list at least one symbol (an empty list would fall back to STRATEGY_TARGETS)',
    );
  const problems = targetProblems(targets, { maxDecimals: 6 });
  if (problems.length > 0) throw new BadRequestException(problems.join('; '));
}
