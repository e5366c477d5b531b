import { types as pgTypes } from 'pg';
import { DataSource, type DataSourceOptions, type Logger as TypeOrmLogger } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export const MIGRATIONS_TABLE = 'migrations';

// A trading day is a New York calendar date. pg would turn a `date` into a JS Date at the host's
// midnight (the classic off-by-one-day bug); keep it the literal 'YYYY-MM-DD' string instead.
const PG_DATE_OID = 1082;
pgTypes.setTypeParser(PG_DATE_OID, (value: string) => value);

/** TypeORM prints to the console by itself; Openbell reports database errors through its own logger. */
const quietTypeOrmLogger: TypeOrmLogger = {
  logQuery: () => undefined,
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};

/** The one description of Openbell's database, used by the app, the CLI and the tests. */
export function dataSourceOptions(
  url: string,
  overrides: Partial<{
    migrations: DataSourceOptions['migrations'];
    poolSize: number;
    /** Connections the pool keeps open once made (default none: idle ones close after 30 s). */
    minConnections: number;
    applicationName: string;
  }> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: overrides.migrations ?? MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: false,
    logger: quietTypeOrmLogger,
    applicationName: overrides.applicationName ?? 'openbell',
    poolSize: overrides.poolSize ?? 10,
    extra: {
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      min: overrides.minConnections ?? 0,
      // PostgreSQL's default random_page_cost (4) models spinning disks; on SSD storage (Railway's
      // volumes, any laptop) 1.1 is the usual setting. With 4, the foreign-key check of every
      // inserted order intent scanned the whole job_run table once it held a year of runs (a
      // plan's 500-row insert took 5 ms longer); with 1.1 it looks the run up by its key.
      options: '-c random_page_cost=1.1',
    },
  } as DataSourceOptions;
}

export function createDataSource(
  url: string,
  overrides?: Parameters<typeof dataSourceOptions>[1],
): DataSource {
  return new DataSource(dataSourceOptions(url, overrides));
}

/**
 * For the TypeORM CLI (`typeorm migration:generate -d dist/infra/database/data-source.js`): the URL
 * comes from the validated config; without DATABASE_URL, the local embedded server of `npm start`.
 */
const cliConfig = (() => {
  try {
    return AppConfig.fromEnv();
  } catch {
    return undefined;
  }
})();
export default createDataSource(
  cliConfig?.database.url ??
    `postgresql://postgres:openbell-local@127.0.0.1:${cliConfig?.database.embedded.port ?? 5433}/openbell`,
);
