import { enableCompileCache } from 'node:module';

/**
 * V8's code cache for every module loaded after this one, kept on disk (NODE_COMPILE_CACHE, else
 * `<tmpdir>/node-compile-cache`): a process started again on the same build skips compiling the
 * ~2,000 modules Nest, TypeORM and the rest load, most of boot's CPU time (see docs/architecture.md,
 * Performance targets). The first boot of a build fills it; a cache that cannot be written only
 * means no cache. Imported first by main.ts.
 */
enableCompileCache();
