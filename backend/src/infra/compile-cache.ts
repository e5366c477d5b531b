import { enableCompileCache, flushCompileCache } from 'node:module';
import { join } from 'node:path';

/**
 * Node's compile cache (V8 code cache on disk) for the service process, in dist/.compile-cache:
 * module loading is most of a boot, and most of that is compiling JavaScript. `npm run build`
 * fills it (warm-compile-cache.ts: every module boot loads, nothing run), so a fresh deploy's
 * first boot already reads it; the service adds what boot compiled once it listens
 * (`saveCompileCache`). It is written then and not at exit: a cache written after a trading run
 * would hold that run's compiled functions too, and every later boot would load them (measured:
 * more RSS). Node checks each entry against the file's content and its own version.
 *
 * Imported first by main.ts (its require comes before any other), so it covers every module.
 */
export const COMPILE_CACHE_DIR = join(__dirname, '..', '.compile-cache');

enableCompileCache(COMPILE_CACHE_DIR);

/** Writes what this process compiled and the cache lacks. */
export function saveCompileCache(): void {
  flushCompileCache();
}
