import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../../src/infra/database/migrator';

/** Connection string of the test server's maintenance database (set by global-setup.mjs). */
export function adminUrl(): string {
  const url = process.env.OPENBELL_TEST_PG_ADMIN_URL;
  if (!url)
    throw new Error(
      'OPENBELL_TEST_PG_ADMIN_URL is unset: run tests through jest (global-setup.mjs)',
    );
  return url;
}

export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new, empty database on the test server; returns its URL. */
export async function createEmptyDatabase(prefix = 't'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return urlFor(name);
}

/** A new database with every migration applied. */
export async function createMigratedDatabase(prefix = 't'): Promise<string> {
  const url = await createEmptyDatabase(prefix);
  await runMigrations(url, () => undefined);
  return url;
}

/** Run one query on a database with a short-lived client. */
export async function query<T extends Record<string, unknown> = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
