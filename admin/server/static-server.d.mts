export function startStaticServer(options: {
  root: string;
  port?: number;
  host?: string;
  apiBaseUrl: string;
}): Promise<{
  url: string;
  close: () => Promise<void>;
}>;
export function securityHeaders(apiOrigin: string): Record<string, string>;
