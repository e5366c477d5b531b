import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/infra/database/data-source';
import { JobRunRepository, type RunRequest } from '../../src/scheduling/job-run.repository';
import { createMigratedDatabase, query } from '../support/database';

const DAY = '2026-11-23';
const OPTIONS = { staleAfterSeconds: 60, maxAttempts: 3 };
const request = (owner: string, overrides: Partial<RunRequest> = {}): RunRequest => ({
  job: 'daily-rebalance',
  tradingDay: DAY,
  trigger: 'cron',
  owner,
  dryRun: false,
  ...overrides,
});

describe('run ledger (JobRunRepository)', () => {
  let url: string;
  let dataSources: DataSource[];
  let repos: JobRunRepository[];

  beforeEach(async () => {
    url = await createMigratedDatabase('ledger');
    // Separate pools, as separate replicas would have.
    dataSources = await Promise.all(
      [1, 2, 3, 4].map(() => createDataSource(url, { poolSize: 2 }).initialize()),
    );
    repos = dataSources.map((ds) => new JobRunRepository(ds));
  });
  afterEach(async () => {
    await Promise.all(dataSources.map((ds) => ds.destroy()));
  });

  it('lets exactly one of many simultaneous claims win the day', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        repos[i % repos.length].claim(request(`replica-${i}`), OPTIONS),
      ),
    );
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'in-progress')).toHaveLength(19);
    expect(await query(url, `SELECT status, attempt FROM job_run`)).toEqual([
      { status: 'running', attempt: 1 },
    ]);
  });

  it('a succeeded day is done; later triggers see it and record nothing new', async () => {
    const claim = await repos[0].claim(request('a'), OPTIONS);
    if (claim.kind !== 'claimed') throw new Error(claim.kind);
    await expect(
      repos[0].finish(claim.run.id, 'a', { status: 'succeeded', summary: { orders: 2 } }),
    ).resolves.toBe(true);
    const again = await repos[1].claim(request('b', { trigger: 'manual' }), OPTIONS);
    expect(again).toMatchObject({
      kind: 'already-succeeded',
      run: { id: claim.run.id, status: 'succeeded', tradingDay: DAY },
    });
  });

  it('skips are their own rows and never consume the day', async () => {
    await repos[0].recordFinished(request('a'), { status: 'skipped', reason: 'market closed' });
    await repos[0].recordFinished(request('a'), { status: 'skipped', reason: 'scheduler paused' });
    const claim = await repos[1].claim(request('b'), OPTIONS);
    expect(claim).toMatchObject({ kind: 'claimed', run: { attempt: 1 } });
    const rows = await query(url, `SELECT status, skip_reason FROM job_run ORDER BY started_at`);
    expect(rows).toEqual([
      { status: 'skipped', skip_reason: 'market closed' },
      { status: 'skipped', skip_reason: 'scheduler paused' },
      { status: 'running', skip_reason: null },
    ]);
  });

  it('a failed run is resumed by the next trigger, up to the attempt bound', async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claim = await repos[attempt % 4].claim(request(`r${attempt}`), OPTIONS);
      expect(claim).toMatchObject({ kind: 'claimed', run: { attempt } });
      if (claim.kind !== 'claimed') return;
      await repos[attempt % 4].finish(claim.run.id, `r${attempt}`, {
        status: 'failed',
        summary: {},
        error: 'broker 503',
      });
    }
    await expect(repos[0].claim(request('r4'), OPTIONS)).resolves.toEqual({
      kind: 'attempts-exhausted',
      attempts: 3,
    });
  });

  it('takes over a running run whose heartbeat is stale — exactly one replica wins', async () => {
    const claim = await repos[0].claim(request('dead-owner'), OPTIONS);
    if (claim.kind !== 'claimed') throw new Error(claim.kind);
    // A fresh heartbeat protects the owner.
    await expect(repos[1].claim(request('b'), OPTIONS)).resolves.toMatchObject({
      kind: 'in-progress',
    });
    await query(url, `UPDATE job_run SET heartbeat_at = now() - interval '5 minutes'`);
    const results = await Promise.all(
      repos.map((repo, i) => repo.claim(request(`taker-${i}`), OPTIONS)),
    );
    const winners = results.filter((r) => r.kind === 'taken-over');
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({
      previousOwner: 'dead-owner',
      run: { id: claim.run.id, attempt: 2 },
    });
    // The old owner has lost the run: its heartbeat and finish are refused.
    await expect(repos[0].heartbeat(claim.run.id, 'dead-owner')).resolves.toBe(false);
    await expect(
      repos[0].finish(claim.run.id, 'dead-owner', { status: 'succeeded', summary: {} }),
    ).resolves.toBe(false);
  });

  it('keeps trading days as New York calendar strings, whatever the host time zone', async () => {
    const claim = await repos[0].claim(request('a', { tradingDay: '2026-03-09' }), OPTIONS);
    expect(claim).toMatchObject({ run: { tradingDay: '2026-03-09' } });
    const page = await repos[0].page(10);
    expect(page[0].tradingDay).toBe('2026-03-09');
  });
});
