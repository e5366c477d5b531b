// `npm run build`'s last step: loads every module the service loads at boot (and runs nothing),
// with the compile cache on, and writes the cache (infra/compile-cache.ts).
import { saveCompileCache } from './infra/compile-cache';
import './bootstrap';
import './app.module';

saveCompileCache();
