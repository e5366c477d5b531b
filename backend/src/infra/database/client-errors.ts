import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { errorText } from '../error-text';

interface PgClientLike {
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface PgPoolLike {
  on(event: 'connect', listener: (client: PgClientLike) => void): unknown;
  _clients?: PgClientLike[];
}

/**
 * Every pooled connection gets an error listener for its whole life. When the server ends the
 * connections (a restart, `pg_terminate_backend`), pg reports the end on each client; TypeORM
 * listens while a client is checked out and the pool while it is idle, but a client in between
 * (being released, or removed after an earlier error) had no listener, and an `error` event
 * without one is an uncaught exception: the process crashed instead of answering 503 until the
 * database returned. The client is dropped by the pool either way; this only logs.
 */
export function logClientErrors(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: PgPoolLike }).master;
  if (!pool) return;
  const logger = new Logger('Database');
  const guard = (client: PgClientLike) =>
    client.on('error', (error) => logger.warn(`database connection ended: ${errorText(error)}`));
  for (const client of pool._clients ?? []) guard(client);
  pool.on('connect', guard);
}
