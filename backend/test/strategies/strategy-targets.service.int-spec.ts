import { BadRequestException } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { AuditedMutation } from '../../src/audit/audited-mutation';
import { AppConfig } from '../../src/infra/config/app-config';
import { createDataSource } from '../../src/infra/database/data-source';
import { createMigratedDatabase, query } from '../support/database';
import { FixedWeightsStrategy } from '../../src/trading/strategies/fixed-weights.strategy';
import { StrategyError } from '../../src/trading/strategies/strategy';
import { StrategyTargetsService } from '../../src/trading/strategies/strategy-targets.service';

const config = AppConfig.fromEnv({ STRATEGY_TARGETS: 'SPY:0.6,TLT:0.4' });

describe('fixed-weights targets in PostgreSQL', () => {
  let url: string;
  let dataSource: DataSource;
  let service: StrategyTargetsService;

  beforeAll(async () => {
    url = await createMigratedDatabase('targets');
    dataSource = await createDataSource(url, { poolSize: 4 }).initialize();
    service = new StrategyTargetsService(
      dataSource,
      config,
      new AuditedMutation(dataSource, new AuditService(dataSource)),
    );
  });
  afterAll(() => dataSource.destroy());
  beforeEach(() => dataSource.query('DELETE FROM strategy_target'));

  const replace = (targets: { symbol: string; weight: number }[], actor = 'ops@example.com') =>
    dataSource.transaction((manager) => service.replace(manager, targets, actor));

  it('serves STRATEGY_TARGETS while the table is empty', async () => {
    await expect(service.get()).resolves.toEqual({
      source: 'environment',
      targets: [
        { symbol: 'SPY', weight: 0.6 },
        { symbol: 'TLT', weight: 0.4 },
      ],
      updatedAt: null,
      updatedBy: null,
    });
    await expect(new FixedWeightsStrategy(service).targets()).resolves.toEqual([
      { symbol: 'SPY', weight: 0.6 },
      { symbol: 'TLT', weight: 0.4 },
    ]);
  });

  it('replaces every target, returning before and after, and the strategy follows', async () => {
    const first = await replace([
      { symbol: 'QQQ', weight: 0.5 },
      { symbol: 'BRK.B', weight: 0.333333 },
    ]);
    expect(first.before.source).toBe('environment');
    expect(first.after).toEqual({
      source: 'database',
      targets: [
        { symbol: 'BRK.B', weight: 0.333333 },
        { symbol: 'QQQ', weight: 0.5 },
      ],
      updatedAt: expect.any(Date),
      updatedBy: 'ops@example.com',
    });
    const second = await replace([{ symbol: 'SPY', weight: 1 }], 'lead@example.com');
    expect(second.before.targets).toEqual(first.after.targets);
    expect(second.after).toMatchObject({
      targets: [{ symbol: 'SPY', weight: 1 }],
      updatedBy: 'lead@example.com',
    });
    expect(
      await query(url, 'SELECT symbol, weight::text, updated_by FROM strategy_target'),
    ).toEqual([{ symbol: 'SPY', weight: '1.000000', updated_by: 'lead@example.com' }]);
    await expect(new FixedWeightsStrategy(service).targets()).resolves.toEqual([
      { symbol: 'SPY', weight: 1 },
    ]);
  });

  it('rolls back with the caller’s transaction (the audit event and the change go together)', async () => {
    await replace([{ symbol: 'QQQ', weight: 0.5 }]);
    await expect(
      dataSource.transaction(async (manager) => {
        await service.replace(manager, [{ symbol: 'SPY', weight: 0.9 }], 'ops@example.com');
        throw new Error('audit write failed');
      }),
    ).rejects.toThrow('audit write failed');
    await expect(service.get()).resolves.toMatchObject({
      targets: [{ symbol: 'QQQ', weight: 0.5 }],
    });
  });

  it.each([
    [[], 'targets must list at least one symbol'],
    [[{ symbol: 'spy', weight: 0.5 }], 'targets.0.symbol "spy" is not a valid symbol'],
    [
      [{ symbol: 'TOOLONGSYMBOL', weight: 0.5 }],
      'targets.0.symbol "TOOLONGSYMBOL" is not a valid symbol',
    ],
    [[{ symbol: 'SPY', weight: 0 }], 'targets.0.weight must be greater than 0 and at most 1'],
    [[{ symbol: 'SPY', weight: 1.01 }], 'targets.0.weight must be greater than 0 and at most 1'],
    [
      [{ symbol: 'SPY', weight: Number.NaN }],
      'targets.0.weight must be greater than 0 and at most 1',
    ],
    [[{ symbol: 'SPY', weight: 0.1234567 }], 'targets.0.weight has more than 6 decimals'],
    [
      [
        { symbol: 'SPY', weight: 0.5 },
        { symbol: 'SPY', weight: 0.1 },
      ],
      'targets.1.symbol SPY is listed twice',
    ],
    [
      [
        { symbol: 'SPY', weight: 0.7 },
        { symbol: 'QQQ', weight: 0.5 },
      ],
      'targets weights sum to 1.200000, more than 1',
    ],
  ])('refuses %j with a 400 naming the problem, and changes nothing', async (targets, message) => {
    await replace([{ symbol: 'QQQ', weight: 0.5 }]);
    const error = await replace(targets).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as Error).message).toContain(message);
    await expect(service.get()).resolves.toMatchObject({
      targets: [{ symbol: 'QQQ', weight: 0.5 }],
    });
  });

  it('accepts ten weights of 0.1 summing to exactly 1', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ symbol: `S${i}`, weight: 0.1 }));
    await expect(replace(ten)).resolves.toMatchObject({ after: { targets: ten } });
  });

  it('must be given the caller’s transaction', async () => {
    await expect(
      service.replace(dataSource.manager, [{ symbol: 'SPY', weight: 1 }], 'ops@example.com'),
    ).rejects.toThrow('must run inside the caller’s transaction');
  });

  it('serialises concurrent replacements: the second sees the first as its before', async () => {
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstReplaced!: () => void;
    const firstDone = new Promise<void>((resolve) => (firstReplaced = resolve));
    const first = dataSource.transaction(async (manager) => {
      const result = await service.replace(manager, [{ symbol: 'AAA', weight: 0.5 }], 'first');
      firstReplaced();
      await firstHolds; // keep the transaction (and its lock) open
      return result;
    });
    await firstDone;
    const second = replace([{ symbol: 'BBB', weight: 0.5 }], 'second');
    // Wait, without sleeping, until the second transaction is blocked on the table lock.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [{ waiting }] = await query<{ waiting: number }>(
        url,
        `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
          WHERE c.relname = 'strategy_target' AND NOT l.granted`,
      );
      if (waiting > 0) break;
      if (Date.now() > deadline) {
        releaseFirst();
        throw new Error('the second replacement never waited for the first');
      }
    }
    releaseFirst();
    await first;
    const { before, after } = await second;
    expect(before).toMatchObject({ targets: [{ symbol: 'AAA', weight: 0.5 }], updatedBy: 'first' });
    expect(after).toMatchObject({ targets: [{ symbol: 'BBB', weight: 0.5 }], updatedBy: 'second' });
  });

  it('fails the run, rather than trading, if stored targets break the contract', async () => {
    // Written around the service (as a bad manual edit would be): sums to 1.2.
    await dataSource.query(
      `INSERT INTO strategy_target (symbol, weight) VALUES ('SPY', 0.7), ('QQQ', 0.5)`,
    );
    const error = await new FixedWeightsStrategy(service).targets().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrategyError);
    expect(error).toMatchObject({
      failure: 'invalid-targets',
      message:
        'fixed-weights produced invalid targets: targets weights sum to 1.200000, more than 1',
    });
  });
});
