import { MIGRATIONS } from '../../src/infra/database/migrations';
import { CLI_JS, runNode } from '../support/process';
import { createEmptyDatabase, query } from '../support/database';

describe('openbell CLI', () => {
  it('migrate applies pending migrations once, then reports nothing to do', async () => {
    const url = await createEmptyDatabase('cli');
    const first = await runNode(CLI_JS, ['migrate'], { DATABASE_URL: url });
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(`applied: ${MIGRATIONS.map((m) => m.name).join(', ')}`);
    const second = await runNode(CLI_JS, ['migrate'], { DATABASE_URL: url });
    expect(second.stdout).toContain('nothing to apply');
    const check = await runNode(CLI_JS, ['migrate', '--check'], { DATABASE_URL: url });
    expect(check).toMatchObject({ code: 0, stdout: 'schema up to date\n' });
    expect(await query(url, 'SELECT count(*)::int AS n FROM migrations')).toEqual([
      { n: MIGRATIONS.length },
    ]);
  });

  it('migrate --check exits 1 listing what is pending', async () => {
    const url = await createEmptyDatabase('cli');
    const check = await runNode(CLI_JS, ['migrate', '--check'], { DATABASE_URL: url });
    expect(check).toMatchObject({
      code: 1,
      stdout: `pending: ${MIGRATIONS.map((m) => m.name).join(', ')}\n`,
    });
  });

  it.each([
    [[], 64, /Usage: npm run openbell/],
    [['frobnicate'], 64, /unknown command "frobnicate"/],
    [['migrate', '--force'], 64, /Unknown option '--force'/],
  ])('openbell %j exits %i with a clear message', async (args, code, message) => {
    const result = await runNode(CLI_JS, args as string[], {});
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it('--help prints usage on stdout and exits 0', async () => {
    const result = await runNode(CLI_JS, ['--help'], {});
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('openbell migrate');
  });

  it('a bad variable exits 78 naming it', async () => {
    const result = await runNode(CLI_JS, ['migrate'], { DATABASE_URL: 'nope' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(
      'DATABASE_URL must be a postgres:// or postgresql:// connection string',
    );
  });
});
