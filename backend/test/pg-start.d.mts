export function startAndWait(
  server: { start(): Promise<void> },
  url: string,
  timeoutMs?: number,
): Promise<void>;
