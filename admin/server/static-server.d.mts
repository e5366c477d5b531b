import type { Server } from 'node:http';

export const DEFAULT_PORT: number;
export const SHUTDOWN_GRACE_MS: number;

export function startStaticServer(options: {
  /** The built SPA (dist/admin/browser); must contain index.html. */
  root: string;
  /** 0 picks a free port. Default 4200. */
  port?: number;
  /** Default: every interface. */
  host?: string;
  /** Written into /config.json; its origin is the CSP's connect-src. */
  apiBaseUrl: string;
  log?: (level: string, message: string) => void;
}): Promise<{
  url: string;
  port: number;
  apiBaseUrl: string;
  server: Server;
  close: () => Promise<void>;
}>;
export function parseApiBaseUrl(value: unknown, source?: string): string;
export function resolveApiBaseUrl(env: Record<string, string | undefined>, root: string): string;
export function parsePort(value: string | undefined): number;
export function contentSecurityPolicy(apiOrigin: string): string;
export function securityHeaders(apiOrigin: string): Record<string, string>;
export function negotiateEncoding(acceptEncoding?: string): 'br' | 'gzip' | undefined;
