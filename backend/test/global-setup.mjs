// Starts one real PostgreSQL server for the whole test run. Each test file then creates its own
// database on it (see test/support/database.ts).
import { startTestPostgres } from './pg-start.mjs';

export default async function globalSetup() {
  const server = await startTestPostgres();
  globalThis.__OPENBELL_TEST_PG__ = server;
  process.env.OPENBELL_TEST_PG_ADMIN_URL = server.url;
}
