export function freePort(): Promise<number>;
export function startAndWait(
  server: { start(): Promise<void> },
  url: string,
  timeoutMs?: number,
): Promise<void>;
export interface TestPostgres {
  url: string;
  port: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}
export function startTestPostgres(options?: {
  password?: string;
  maxConnections?: number;
}): Promise<TestPostgres>;
