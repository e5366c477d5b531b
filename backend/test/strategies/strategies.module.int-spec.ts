import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../src/infra/config/app-config';
import { dataSourceOptions } from '../../src/infra/database/data-source';
import { createMigratedDatabase } from '../support/database';
import { startQuiverStandIn } from '../quiver/quiver-stand-in';
import { newerCongressRecord } from '../factories/quiver-records.factory';
import { CongressBuysStrategy } from '../../src/trading/strategies/congress-buys.strategy';
import { FixedWeightsStrategy } from '../../src/trading/strategies/fixed-weights.strategy';
import { StrategiesModule, STRATEGY } from '../../src/trading/strategies/strategies.module';
import type { Strategy } from '../../src/trading/strategies/strategy';
import { StrategyTargetsService } from '../../src/trading/strategies/strategy-targets.service';

describe('StrategiesModule', () => {
  let url: string;
  beforeAll(async () => {
    url = await createMigratedDatabase('strategies');
  });

  /** The module as the app mounts it: global AppConfig, the app's TypeORM connection. */
  async function compile(env: Record<string, string>) {
    const config = AppConfig.fromEnv(env);
    @Global()
    @Module({ providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] })
    class ConfigModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        TypeOrmModule.forRoot({ ...dataSourceOptions(url, { poolSize: 2 }), retryAttempts: 0 }),
        StrategiesModule,
      ],
    }).compile();
    return moduleRef.init();
  }

  it('provides fixed-weights by default, reading the targets service', async () => {
    const app = await compile({ STRATEGY_TARGETS: 'SPY:0.5,TLT:0.5' });
    try {
      const strategy = app.get<Strategy>(STRATEGY);
      expect(strategy).toBeInstanceOf(FixedWeightsStrategy);
      expect(strategy.name).toBe('fixed-weights');
      await expect(strategy.targets({ tradingDay: '2026-11-23' })).resolves.toEqual([
        { symbol: 'SPY', weight: 0.5 },
        { symbol: 'TLT', weight: 0.5 },
      ]);
      await expect(app.get(StrategyTargetsService).get()).resolves.toMatchObject({
        source: 'environment',
      });
    } finally {
      await app.close();
    }
  });

  it('provides congress-buys when STRATEGY says so, talking to QUIVER_BASE_URL', async () => {
    const quiver = await startQuiverStandIn({
      records: ['NVDA', 'AAPL', 'MSFT'].map((ticker) =>
        newerCongressRecord({ ticker, filed: '2026-11-20' }),
      ),
    });
    const app = await compile({
      STRATEGY: 'congress-buys',
      QUIVER_API_TOKEN: 'module-token',
      QUIVER_BASE_URL: quiver.url,
    });
    try {
      const strategy = app.get<Strategy>(STRATEGY);
      expect(strategy).toBeInstanceOf(CongressBuysStrategy);
      await expect(strategy.targets({ tradingDay: '2026-11-23' })).resolves.toEqual([
        { symbol: 'AAPL', weight: 0.333333 },
        { symbol: 'MSFT', weight: 0.333333 },
        { symbol: 'NVDA', weight: 0.333333 },
      ]);
      expect(quiver.requests.map((r) => r.authorization)).toEqual(['Bearer module-token']);
    } finally {
      await app.close();
      await quiver.close();
    }
  });

  it('refuses a one-ticker feed instead of putting the whole account in it (CONGRESS_MIN_POSITIONS)', async () => {
    const quiver = await startQuiverStandIn({
      records: [newerCongressRecord({ ticker: 'NVDA', filed: '2026-11-20' })],
    });
    const app = await compile({
      STRATEGY: 'congress-buys',
      QUIVER_API_TOKEN: 'module-token',
      QUIVER_BASE_URL: quiver.url,
    });
    try {
      await expect(
        app.get<Strategy>(STRATEGY).targets({ tradingDay: '2026-11-23' }),
      ).rejects.toThrow('CONGRESS_MIN_POSITIONS=3 refuses a basket that small');
    } finally {
      await app.close();
      await quiver.close();
    }
  });
});
