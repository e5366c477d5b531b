import { query } from '../../support/database';

/** A fingerprint of every table's rows (migrations excluded): equal snapshots = nothing changed. */
export async function databaseSnapshot(url: string): Promise<Record<string, string>> {
  const tables = await query<{ name: string }>(
    url,
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%migration%'
      ORDER BY table_name`,
  );
  const snapshot: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await query<{ n: number; digest: string | null }>(
      url,
      `SELECT count(*)::int AS n, md5(string_agg(t::text, ',' ORDER BY t::text)) AS digest FROM ${name} t`,
    );
    snapshot[name] = `${row.n}:${row.digest ?? '-'}`;
  }
  return snapshot;
}
