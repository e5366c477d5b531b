import { InjectionToken } from '@angular/core';

/** Read at startup from /config.json, so one build serves every environment. */
export interface RuntimeConfig {
  /** Origin of the Openbell API, e.g. https://api.openbell.example (no trailing slash). */
  apiBaseUrl: string;
}

export const RUNTIME_CONFIG = new InjectionToken<RuntimeConfig>('RUNTIME_CONFIG');

export class RuntimeConfigError extends Error {
  override name = 'RuntimeConfigError';
}

/** Validates the parsed config.json; throws a RuntimeConfigError naming the problem. */
export function parseRuntimeConfig(value: unknown): RuntimeConfig {
  if (typeof value !== 'object' || value === null)
    throw new RuntimeConfigError('config.json is not a JSON object');
  const apiBaseUrl = (value as Record<string, unknown>)['apiBaseUrl'];
  if (typeof apiBaseUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(apiBaseUrl)) {
    throw new RuntimeConfigError('config.json: "apiBaseUrl" must be an http(s) URL');
  }
  return { apiBaseUrl: apiBaseUrl.replace(/\/+$/, '') };
}

export async function loadRuntimeConfig(fetchFn: typeof fetch = fetch): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetchFn('config.json', { cache: 'no-store' });
  } catch {
    throw new RuntimeConfigError('config.json could not be loaded (network error)');
  }
  if (!response.ok)
    throw new RuntimeConfigError(`config.json could not be loaded (HTTP ${response.status})`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new RuntimeConfigError('config.json is not valid JSON');
  }
  return parseRuntimeConfig(body);
}
