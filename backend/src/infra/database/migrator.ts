import { Client } from 'pg';
import type { MigrationInterface } from 'typeorm';
import { createDataSource, MIGRATIONS_TABLE } from './data-source';
import { MIGRATIONS } from './migrations';
import { errorText } from '../error-text';

/** Arbitrary constant: the advisory lock every Openbell process takes around migrations. */
export const MIGRATION_LOCK_KEY = 7_411_305_001;

type MigrationClass = new () => MigrationInterface;

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly migration: string,
    readonly causeMessage: string,
  ) {
    super(`migration ${migration} failed: ${causeMessage}`);
  }
}

function migrationName(migration: MigrationClass): string {
  return new migration().name ?? migration.name;
}

async function executedNames(client: Client): Promise<Set<string>> {
  const { rows } = await client.query<{ exists: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AS exists`,
    [MIGRATIONS_TABLE],
  );
  if (!rows[0]?.exists) return new Set();
  const executed = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`);
  return new Set(executed.rows.map((r) => r.name));
}

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so replicas booting at the
 * same moment apply each migration exactly once (the others wait, then find nothing pending).
 * Each migration runs in its own transaction; a failure names the migration and applies nothing
 * more. Returns the names applied by this call.
 */
export async function runMigrations(
  url: string,
  log: (message: string) => void,
  migrations: MigrationClass[] = MIGRATIONS,
): Promise<string[]> {
  const lock = new Client({ connectionString: url, application_name: 'openbell-migrate-lock' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const before = await executedNames(lock);
    const pending = migrations.map(migrationName).filter((name) => !before.has(name));
    if (pending.length === 0) return [];
    log(`applying ${pending.length} migration(s): ${pending.join(', ')}`);
    const dataSource = createDataSource(url, {
      migrations,
      poolSize: 2,
      applicationName: 'openbell-migrate',
    });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } catch (error) {
      const after = await executedNames(lock);
      const failed = pending.find((name) => !after.has(name)) ?? 'unknown';
      throw new MigrationError(failed, errorText(error));
    } finally {
      await dataSource.destroy();
    }
    return pending;
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

/** Names of migrations compiled into this build that the database has not applied. */
export async function pendingMigrations(
  url: string,
  migrations: MigrationClass[] = MIGRATIONS,
): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const executed = await executedNames(client);
    return migrations.map(migrationName).filter((name) => !executed.has(name));
  } finally {
    await client.end();
  }
}

export const MIGRATION_NAMES = MIGRATIONS.map(migrationName);
