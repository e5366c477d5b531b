import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { logClientErrors } from '../infra/database/client-errors';
import { errorText } from '../infra/error-text';

/**
 * Database connections a run uses at once: the five order workers' dispatch checks (each holds its
 * transaction until the broker answers) and updates, the shared request budget, the ledger.
 */
export const RUN_CONNECTIONS = 8;

/**
 * Opens the run's database connections right after boot, in the background, and the pool keeps
 * them (its `min`): opening one costs a PostgreSQL backend and an authentication handshake (~6 ms
 * here), which would otherwise land between a trigger and the run's first order — several times,
 * as the run's concurrent work asks for more connections than an idle service holds.
 */
@Injectable()
export class WarmConnections implements OnApplicationBootstrap {
  private readonly logger = new Logger(WarmConnections.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    logClientErrors(this.dataSource);
    void this.warm();
  }

  /** Resolves once `RUN_CONNECTIONS` connections are open (or could not be). */
  async warm(): Promise<void> {
    // Concurrent, so each holds its own connection and the pool opens as many.
    await Promise.all(
      Array.from({ length: RUN_CONNECTIONS }, () => this.dataSource.query('SELECT 1')),
    ).catch((error: unknown) =>
      // Not fatal: the run opens what it needs; readiness reports an unreachable database.
      this.logger.warn(`could not open the run's database connections: ${errorText(error)}`),
    );
  }
}
