#!/usr/bin/env node
// `npm run test:chaos -- [--runs N] [--seed S] [--path P] [--crash-percent K] [--survey]`: the
// randomized suite of the run engine as a soak. jest takes no arguments of ours, so they travel as
// CHAOS_* variables; the verdict is the exit code (no expected-failure marking in a soak).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const backend = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    path: { type: 'string' },
    'crash-percent': { type: 'string' },
    survey: { type: 'boolean', default: false },
  },
});
for (const name of ['runs', 'seed', 'crash-percent'])
  if (values[name] !== undefined && !/^\d+$/.test(values[name])) {
    console.error(`--${name} must be a non-negative integer`);
    process.exit(2);
  }
const env = {
  ...process.env,
  CHAOS_SOAK: '1',
  CHAOS_RUNS: values.runs,
  ...(values.seed ? { CHAOS_SEED: values.seed } : {}),
  ...(values.path ? { CHAOS_PATH: values.path } : {}),
  ...(values['crash-percent'] ? { CHAOS_CRASH_PERCENT: values['crash-percent'] } : {}),
  ...(values.survey ? { CHAOS_SURVEY: '1' } : {}),
};
const jest = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    join(backend, '../node_modules/jest/bin/jest.js'),
    '--config',
    join(backend, 'jest.config.js'),
    '--runTestsByPath',
    join(backend, 'test/chaos/chaos.int-spec.ts'),
  ],
  { cwd: backend, env, stdio: 'inherit' },
);
jest.on('close', (code) => process.exit(code ?? 1));
