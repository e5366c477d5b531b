import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_DIR, runNode } from '../support/process';

/**
 * What boot loads (docs/architecture.md, "Performance targets"): every module the service loads
 * before it listens, compiled (dist/), without the ones it only needs on a rarer path.
 */
describe('modules loaded at boot', () => {
  it('neither @nestjs/swagger nor the sandbox (loaded on /api/docs and when started), nor whole package indexes', async () => {
    const listLoaded = [
      "require('./dist/bootstrap.js');",
      "require('./dist/app.module.js');",
      'console.log(JSON.stringify(Object.keys(require.cache)));',
    ].join('');
    const { code, stdout, stderr } = await runNode('-e', [listLoaded], {});
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const loaded = JSON.parse(stdout) as string[];
    // The check sees what it looks for: the rest of Nest is loaded.
    expect(loaded.some((file) => file.includes('/@nestjs/core/'))).toBe(true);
    expect(loaded.filter((file) => file.includes('/@nestjs/swagger/'))).toEqual([]);
    expect(loaded.filter((file) => file.includes('/dist/sandbox/'))).toEqual([]);
    // Package indexes that load far more than is used: the DTOs' decorators and the login
    // limiter come file by file (src/infra/http/class-validator.ts, src/infra/rate-limiter.ts).
    expect(loaded.some((file) => file.includes('/class-validator/cjs/decorator/'))).toBe(true);
    expect(loaded.filter((file) => file.endsWith('/class-validator/cjs/index.js'))).toEqual([]);
    expect(loaded.filter((file) => file.includes('/libphonenumber-js/'))).toEqual([]);
    expect(loaded.some((file) => file.includes('/rate-limiter-flexible/lib/'))).toBe(true);
    expect(loaded.filter((file) => file.endsWith('/rate-limiter-flexible/index.js'))).toEqual([]);
  });

  it('the build fills the compile cache the service reads', () => {
    expect(readdirSync(join(BACKEND_DIR, 'dist/.compile-cache')).length).toBeGreaterThan(0);
  });
});
