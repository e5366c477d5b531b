import { InjectionToken, type Provider } from '@angular/core';

/**
 * Deployment settings read at startup from /config.json rather than compiled in, so the same
 * build serves local, staging and production. In production the static server
 * (server/static-server.mjs) writes this file from its API_BASE_URL variable.
 */
export interface RuntimeConfig {
  /** Where the Openbell API is served, e.g. `https://api.openbell.example` (no trailing slash). */
  readonly apiBaseUrl: string;
}

export const RUNTIME_CONFIG = new InjectionToken<RuntimeConfig>('RUNTIME_CONFIG');

export function provideRuntimeConfig(config: RuntimeConfig): Provider {
  return { provide: RUNTIME_CONFIG, useValue: config };
}

/** Why the admin cannot start; its message is shown to the operator as is. */
export class RuntimeConfigError extends Error {
  override name = 'RuntimeConfigError';
}

/** Relative to <base href>, so a deep link such as /runs/42 still finds /config.json. */
export const RUNTIME_CONFIG_PATH = 'config.json';

/** Validates parsed config.json; throws a RuntimeConfigError naming the offending field. */
export function parseRuntimeConfig(value: unknown): RuntimeConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RuntimeConfigError('config.json must be a JSON object such as {"apiBaseUrl": "…"}');
  }
  const apiBaseUrl = (value as Record<string, unknown>)['apiBaseUrl'];
  if (typeof apiBaseUrl !== 'string' || apiBaseUrl.trim() === '') {
    throw new RuntimeConfigError('config.json: "apiBaseUrl" is missing');
  }
  let url: URL;
  try {
    url = new URL(apiBaseUrl);
  } catch {
    throw new RuntimeConfigError(`config.json: "apiBaseUrl" is not a URL (${apiBaseUrl})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RuntimeConfigError(`config.json: "apiBaseUrl" must be http(s) (${apiBaseUrl})`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new RuntimeConfigError(
      `config.json: "apiBaseUrl" must not carry a query, fragment or credentials (${apiBaseUrl})`,
    );
  }
  // A path prefix is allowed (API behind a reverse proxy); endpoints are appended to it.
  return { apiBaseUrl: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}

/** Fetches and validates config.json; every failure becomes a RuntimeConfigError. */
export async function loadRuntimeConfig(fetchFn: typeof fetch = fetch): Promise<RuntimeConfig> {
  let response: Response;
  try {
    // Never a cached copy: the file changes when the deployment's API moves.
    response = await fetchFn(RUNTIME_CONFIG_PATH, { cache: 'no-store' });
  } catch {
    throw new RuntimeConfigError('config.json could not be loaded (network error)');
  }
  if (!response.ok) {
    throw new RuntimeConfigError(`config.json could not be loaded (HTTP ${response.status})`);
  }
  if (response.headers.get('content-type')?.includes('text/html')) {
    // Typical of a host whose SPA fallback answers every unknown path with index.html.
    throw new RuntimeConfigError('config.json is missing (the server answered with a web page)');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new RuntimeConfigError('config.json is not valid JSON');
  }
  return parseRuntimeConfig(body);
}
