/**
 * The backend's memory settings are spelled out twice: backend/runtime.mjs (used by `npm start`
 * and the benchmarks) and the root package.json's serve:backend script (what Railway runs).
 * They must agree, or the benchmarks would measure something production does not run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const runtime = readFileSync(join(root, 'backend/runtime.mjs'), 'utf8');
const serveBackend: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts[
  'serve:backend'
];

describe('backend runtime settings', () => {
  it('serve:backend runs dist/main.js with the flags and environment of backend/runtime.mjs', () => {
    const flags = JSON.parse(
      /BACKEND_NODE_FLAGS = (\[[^\]]*\])/.exec(runtime)![1].replaceAll("'", '"'),
    ) as string[];
    const env = Object.entries(
      JSON.parse(
        /BACKEND_ENV = (\{[^}]*\})/
          .exec(runtime)![1]
          .replaceAll("'", '"')
          .replace(/(\w+):/g, '"$1":'),
      ) as Record<string, string>,
    ).map(([key, value]) => `${key}=${value}`);
    expect(flags.length).toBeGreaterThan(0);
    expect(serveBackend).toBe([...env, 'node', ...flags, 'backend/dist/main.js'].join(' '));
  });
});
