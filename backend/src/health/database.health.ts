import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from '../infra/database/data-source';
import { MIGRATION_NAMES } from '../infra/database/migrator';

/** How long a readiness answer may be reused: concurrent probes share one ping (docs/architecture.md, Performance targets). */
export const READINESS_CACHE_MS = 500;
export const DATABASE_PING_TIMEOUT_MS = 1000;

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private readonly logger = new Logger('DatabaseHealth');

  /** One round trip that is both a ping and the check that every migration of this build is applied. */
  private async pingAndCheckMigrations(): Promise<{ migrations: number }> {
    let rows: { applied: number }[];
    try {
      rows = await this.dataSource.query(
        `SELECT count(*)::int AS applied FROM ${MIGRATIONS_TABLE} WHERE name = ANY($1)`,
        [MIGRATION_NAMES],
      );
    } catch (error) {
      // The answer (public, unauthenticated) says what is down; the driver's text — hosts,
      // ports, database names — goes to the log only.
      this.logger.warn({ err: error }, 'database health check failed');
      throw new Error('database unreachable', { cause: error });
    }
    const applied = rows[0]?.applied ?? 0;
    if (applied !== MIGRATION_NAMES.length) {
      throw new Error(`${MIGRATION_NAMES.length - applied} migration(s) not applied`);
    }
    return { migrations: applied };
  }

  /** For /health/ready: cached briefly and coalesced across concurrent requests. */
  readiness() {
    return this.indicators
      .check('database')
      .attempt(() => this.pingAndCheckMigrations())
      .withTimeout(DATABASE_PING_TIMEOUT_MS)
      .cacheFor(READINESS_CACHE_MS);
  }

  /** For /health/database: always a fresh round trip. */
  fresh() {
    return this.indicators
      .check('database')
      .attempt(() => this.pingAndCheckMigrations())
      .withTimeout(DATABASE_PING_TIMEOUT_MS * 3);
  }
}
