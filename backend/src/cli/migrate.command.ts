import { openDatabase } from '../bootstrap';
import { pendingMigrations, runMigrations } from '../infra/database/migrator';
import { ExitCode, type Command } from './command';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations (advisory-locked; safe while replicas boot)',
  usage: 'openbell migrate [--check]',
  options: { check: { type: 'boolean' } },
  async run(values, { config, logger, out }) {
    const database = await openDatabase(config, logger);
    try {
      if (values.check) {
        const pending = await pendingMigrations(database.url);
        out(pending.length ? `pending: ${pending.join(', ')}` : 'schema up to date');
        return pending.length ? ExitCode.failed : ExitCode.ok;
      }
      const applied = await runMigrations(database.url, (message) => logger.info(message));
      out(
        applied.length ? `applied: ${applied.join(', ')}` : 'schema up to date, nothing to apply',
      );
      return ExitCode.ok;
    } finally {
      if (database.owned) await database.stop();
    }
  },
};
