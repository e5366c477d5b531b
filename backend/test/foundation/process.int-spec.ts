import { MIGRATIONS } from '../../src/infra/database/migrations';
import { MAIN_JS, runNode, startServer } from '../support/process';
import { createEmptyDatabase, query } from '../support/database';

describe('the openbell process', () => {
  it('exits 1 naming every bad variable, without a stack trace or a secret', async () => {
    const result = await runNode(MAIN_JS, [], {
      DATABASE_URL: 'mysql://root:hunter2@db/x',
      PORT: 'eighty',
      APP_ROLE: 'scheduler',
    });
    expect(result.code).toBe(1);
    const line = JSON.parse(result.stderr.trim().split('\n').pop()!) as {
      level: string;
      message: string;
      variables: string[];
    };
    expect(line.level).toBe('fatal');
    expect(line.variables.sort()).toEqual(['APP_ROLE', 'DATABASE_URL', 'PORT']);
    expect(line.message).toContain('PORT must be a whole number (got "eighty")');
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 naming the migration when one fails, and never listens', async () => {
    const url = await createEmptyDatabase('broken');
    // A table the first migration wants to create already exists: that migration fails.
    await query(url, 'CREATE TABLE job_run (id int)');
    const result = await runNode(MAIN_JS, [], { DATABASE_URL: url, PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('migration InitialSchema1763800000000 failed');
    expect(result.stdout + result.stderr).not.toContain('listening on');
    expect(await query(url, `SELECT to_regclass('migrations') IS NOT NULL AS t`)).toEqual([
      { t: true },
    ]);
    expect(await query(url, 'SELECT count(*)::int AS n FROM migrations')).toEqual([{ n: 0 }]);
  });

  it('several replicas booting at once apply each migration once and all turn ready', async () => {
    const url = await createEmptyDatabase('replicas');
    const servers = await Promise.all([1, 2, 3].map(() => startServer({ DATABASE_URL: url })));
    try {
      for (const server of servers) {
        const res = await fetch(`${server.url}/health/ready`);
        expect(res.status).toBe(200);
      }
      const names = MIGRATIONS.map((m) => m.name);
      expect(await query(url, 'SELECT name FROM migrations ORDER BY id')).toEqual(
        names.map((name) => ({ name })),
      );
      const appliers = servers.filter((s) =>
        s.output().includes(`migrations applied: ${names.join(', ')}`),
      );
      expect(appliers).toHaveLength(1);
    } finally {
      const codes = await Promise.all(servers.map((s) => s.stop('SIGTERM')));
      expect(codes).toEqual([0, 0, 0]);
    }
  });
});
