import { Inject, Injectable } from '@nestjs/common';
import type { BrokerAsset, ReadPriority } from './broker/broker.types';
import { OrderIntentRepository } from './order-intent.repository';
import { type Plan, type PlanInput } from './planner/plan.types';
import { AlpacaClient } from './broker/alpaca.client';
import { PlannerService } from './planner/planner.service';
import { STRATEGY } from './strategies/strategies.module';
import type { Strategy } from './strategies/strategy';
import { RefreshingCache } from '../infra/cache/refreshing-cache';

/**
 * Builds a day's plan: the strategy's targets, the broker's account, positions and asset flags,
 * what was already sent today (the daily cap's base) → the planner and its risk limits. Nothing is
 * persisted or sent here. The run reads at its own priority; a preview reads behind it.
 */
@Injectable()
export class RunPlanBuilder {
  /** The active asset list of a trading day, fetched once that day (at display priority when a preview asks first). */
  private readonly assets = new RefreshingCache(
    async (_day: string) => bySymbol(await this.broker.listAssets({ priority: 'read' })),
    { freshMs: Infinity, staleMs: Infinity },
  );

  constructor(
    private readonly broker: AlpacaClient,
    @Inject(STRATEGY) private readonly strategy: Strategy,
    private readonly planner: PlannerService,
    private readonly orders: OrderIntentRepository,
  ) {}

  get strategyName(): string {
    return this.strategy.name;
  }

  async build(
    tradingDay: string,
    priority: ReadPriority,
  ): Promise<{ plan: Plan; equity: string; buyingPower: string }> {
    const targets = await this.strategy.targets({ tradingDay });
    // The day's asset list does not depend on the account: asked for alongside it (one broker
    // round trip fewer before the first order).
    const [account, positions, alreadySent] = await Promise.all([
      this.broker.getAccount({ priority }),
      this.broker.listPositions({ priority }),
      this.orders.sentNotionalForDay(tradingDay),
      this.loadAssetList(tradingDay, priority),
    ]);
    const symbols = [
      ...new Set([...targets.map((t) => t.symbol), ...positions.map((p) => p.symbol)]),
    ];
    const assets = await this.assetsFor(tradingDay, symbols, priority);
    const plan = this.planner.plan({
      tradingDay,
      strategy: this.strategy.name,
      targets,
      equity: account.equity,
      positions: positions.map((p) => ({
        symbol: p.symbol,
        qty: p.qty,
        marketValue: p.market_value,
        side: p.side,
        price: p.current_price ?? null,
      })),
      assets,
      alreadySentNotionalToday: alreadySent,
    });
    return { plan, equity: account.equity, buyingPower: account.buying_power };
  }

  /** Deterministic per (trading day, strategy, symbol, side). */
  clientOrderId(tradingDay: string, intent: { symbol: string; side: 'buy' | 'sell' }): string {
    return this.planner.clientOrderId({
      tradingDay,
      strategy: this.strategy.name,
      symbol: intent.symbol,
      side: intent.side,
    });
  }

  /**
   * The whole active asset list, asked for once per trading day. The run never waits on a
   * preview's display-priority request: it asks at its own priority.
   */
  private async loadAssetList(
    tradingDay: string,
    priority: ReadPriority,
  ): Promise<Map<string, BrokerAsset>> {
    const known = this.assets.peek(tradingDay);
    if (known) return known;
    if (priority === 'read') return this.assets.get(tradingDay);
    const list = bySymbol(await this.broker.listAssets({ priority }));
    this.assets.put(tradingDay, list);
    return list;
  }

  /** Asset flags for the plan: the whole active list once per trading day, single lookups for the rest. */
  private async assetsFor(
    tradingDay: string,
    symbols: string[],
    priority: ReadPriority,
  ): Promise<PlanInput['assets']> {
    const known = await this.loadAssetList(tradingDay, priority);
    const result: PlanInput['assets'] = {};
    for (const symbol of symbols) {
      let asset = known.get(symbol);
      if (!asset) {
        asset = await this.broker.getAsset(symbol, { priority }).catch(() => undefined);
        if (asset) known.set(symbol, asset);
      }
      if (asset)
        result[symbol] = {
          tradable: asset.tradable,
          fractionable: asset.fractionable,
          status: asset.status,
        };
    }
    return result;
  }
}

function bySymbol(assets: BrokerAsset[]): Map<string, BrokerAsset> {
  return new Map(assets.map((a) => [a.symbol, a]));
}
