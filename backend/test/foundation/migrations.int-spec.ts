import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource } from '../../src/infra/database/data-source';
import { MIGRATIONS } from '../../src/infra/database/migrations';
import {
  MigrationError,
  pendingMigrations,
  runMigrations,
} from '../../src/infra/database/migrator';
import { bootTestApp } from '../support/app';
import { createEmptyDatabase, query } from '../support/database';

class BrokenMigration1999999999999 implements MigrationInterface {
  name = 'BrokenMigration1999999999999';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE half_done (id int)`);
    await q.query(`SELECT * FROM table_that_does_not_exist`);
  }
  async down(): Promise<void> {}
}

/** Every migration's name, in order: what a fresh database gets. */
const ALL = MIGRATIONS.map((m) => m.name);

describe('migrations', () => {
  it('applies each migration exactly once when many processes migrate at the same moment', async () => {
    const url = await createEmptyDatabase('mig');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => runMigrations(url, () => undefined)),
    );
    expect(results.flat()).toEqual(ALL);
    const rows = await query(url, 'SELECT name FROM migrations ORDER BY id');
    expect(rows).toEqual(ALL.map((name) => ({ name })));
    await expect(pendingMigrations(url)).resolves.toEqual([]);
  });

  it('creates the ledger with at most one running/succeeded run per job and trading day', async () => {
    const url = await createEmptyDatabase('mig');
    await runMigrations(url, () => undefined);
    const insert = (status: string) =>
      query(
        url,
        `INSERT INTO job_run (job, trading_day, status, trigger, owner) VALUES ('daily', '2026-11-23', $1, 'cron', 'test')`,
        [status],
      );
    await insert('skipped');
    await insert('skipped');
    await insert('failed');
    await insert('running');
    await expect(insert('succeeded')).rejects.toThrow(/job_run_one_active_per_day/);
    await expect(insert('running')).rejects.toThrow(/job_run_one_active_per_day/);
  });

  it('stops at a failing migration, names it, and leaves none of it applied', async () => {
    const url = await createEmptyDatabase('mig');
    const error = await runMigrations(url, () => undefined, [
      ...MIGRATIONS,
      BrokenMigration1999999999999,
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe('BrokenMigration1999999999999');
    expect((error as Error).message).toContain('table_that_does_not_exist');
    // The good migrations stay applied; the broken one rolled back entirely.
    expect(await query(url, 'SELECT name FROM migrations ORDER BY id')).toEqual(
      ALL.map((name) => ({ name })),
    );
    expect(await query(url, `SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }]);
  });

  it('never opens the port when a migration fails at boot', async () => {
    const url = await createEmptyDatabase('mig');
    await expect(
      bootTestApp(url, {}, { migrations: [...MIGRATIONS, BrokenMigration1999999999999] }),
    ).rejects.toThrow(/migration BrokenMigration1999999999999 failed/);
  });

  it('every migration has a working down()', async () => {
    const url = await createEmptyDatabase('mig');
    await runMigrations(url, () => undefined);
    const dataSource = createDataSource(url);
    await dataSource.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    } finally {
      await dataSource.destroy();
    }
    expect(
      await query(
        url,
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      ),
    ).toEqual([{ n: 0 }]);
    await expect(runMigrations(url, () => undefined)).resolves.toEqual(ALL);
  });
});
