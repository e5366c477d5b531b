import type { ApplicationRef } from '@angular/core';
import { loadRuntimeConfig, type RuntimeConfig } from './runtime-config';
import { showStartupError } from './startup-error';

/**
 * Loads config.json, then bootstraps Angular with it; any failure on the way (missing or broken
 * config, a bootstrap error) ends on an explanatory page instead of a blank one.
 */
export async function startAdmin(
  doc: Document,
  bootstrap: (config: RuntimeConfig) => Promise<ApplicationRef>,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): Promise<ApplicationRef | undefined> {
  try {
    return await bootstrap(await loadRuntimeConfig(fetchFn));
  } catch (error) {
    console.error('Openbell admin cannot start', error);
    showStartupError(doc, error);
    return undefined;
  }
}
