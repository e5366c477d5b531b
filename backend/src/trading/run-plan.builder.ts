import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type {
  BrokerAccount,
  BrokerAsset,
  BrokerPosition,
  ReadPriority,
} from './broker/broker.types';
import { OrderIntentRepository } from './order-intent.repository';
import { type Plan, type PlanInput } from './planner/plan.types';
import { AlpacaClient } from './broker/alpaca.client';
import { PlannerService } from './planner/planner.service';
import { STRATEGY } from './strategies/strategies.module';
import type { Strategy, TargetWeight } from './strategies/strategy';
import { RefreshingCache } from '../infra/cache/refreshing-cache';

/**
 * Builds a day's plan: the strategy's targets, the broker's account, positions and asset flags,
 * what was already sent today (the daily cap's base) → the planner and its risk limits. Nothing is
 * persisted or sent here. The run reads at its own priority; a preview reads behind it.
 */
@Injectable()
export class RunPlanBuilder {
  /** The active asset list, fetched once per New York day (at display priority when a preview asks first). */
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

  /**
   * The broker's side of a plan (account, positions, the day's asset list), asked for at once. The
   * run starts these beside the market gate's clock, before it knows the day is open, and hands
   * them to `build`: one round trip fewer before the first order. The answers are held as settled
   * promises, so reads nobody ends up using (a skipped day) are dropped without an unhandled
   * rejection.
   */
  readBroker(priority: ReadPriority): BrokerReads {
    return {
      account: settle(this.broker.getAccount({ priority })),
      positions: settle(this.broker.listPositions({ priority })),
      assetList: settle(this.assetList(priority)),
    };
  }

  /**
   * Our side of a plan: the strategy's targets and what was already sent today (the daily cap's
   * base). The run asks for them once it holds the day, beside its other reads; same handling.
   */
  readOwn(tradingDay: string): OwnReads {
    return {
      targets: settle(this.strategy.targets({ tradingDay })),
      alreadySent: settle(this.orders.sentNotionalForDay(tradingDay)),
    };
  }

  async build(
    tradingDay: string,
    priority: ReadPriority,
    broker: BrokerReads = this.readBroker(priority),
    own: OwnReads = this.readOwn(tradingDay),
  ): Promise<{ plan: Plan; equity: string; buyingPower: string }> {
    const [targets, account, positions, alreadySent, assetList] = await Promise.all([
      own.targets,
      broker.account,
      broker.positions,
      own.alreadySent,
      broker.assetList,
    ]);
    const symbols = [
      ...new Set([...targets.map((t) => t.symbol), ...positions.map((p) => p.symbol)]),
    ];
    const assets = await this.assetsFor(assetList, symbols, priority);
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
   * The whole active asset list, asked for once per New York day (it changes overnight). The run
   * never waits on a preview's display-priority request: it asks at its own priority.
   */
  private async assetList(priority: ReadPriority): Promise<Map<string, BrokerAsset>> {
    const day = newYorkDate();
    const known = this.assets.peek(day);
    if (known) return known;
    if (priority === 'read') return this.assets.get(day);
    const list = bySymbol(await this.broker.listAssets({ priority }));
    this.assets.put(day, list);
    return list;
  }

  /** Asset flags for the plan: from the day's list, single lookups for symbols not in it. */
  private async assetsFor(
    known: Map<string, BrokerAsset>,
    symbols: string[],
    priority: ReadPriority,
  ): Promise<PlanInput['assets']> {
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

/** The broker reads a plan needs, in flight (see RunPlanBuilder.readBroker). */
export interface BrokerReads {
  account: Promise<BrokerAccount>;
  positions: Promise<BrokerPosition[]>;
  assetList: Promise<Map<string, BrokerAsset>>;
}

/** The strategy's targets and today's sent notional, in flight (see RunPlanBuilder.readOwn). */
export interface OwnReads {
  targets: Promise<TargetWeight[]>;
  alreadySent: Promise<string>;
}

/** A read whose answer may end up unused: its rejection is handled where it is awaited, if ever. */
function settle<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

const newYorkDate = () => DateTime.now().setZone('America/New_York').toISODate()!;

function bySymbol(assets: BrokerAsset[]): Map<string, BrokerAsset> {
  return new Map(assets.map((a) => [a.symbol, a]));
}
