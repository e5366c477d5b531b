import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs one SQL statement and returns its rows, whatever the statement (TypeORM's `query()` returns
 * `[rows, affected]` for UPDATE/DELETE … RETURNING but plain rows for SELECT/INSERT).
 */
export async function sqlRows<T = Record<string, unknown>>(
  source: DataSource | EntityManager,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const manager = 'manager' in source ? source.manager : source;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  const owned = !manager.queryRunner;
  try {
    const result = await runner.query(text, params, true);
    return result.records as T[];
  } finally {
    if (owned) await runner.release();
  }
}
