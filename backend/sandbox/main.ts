#!/usr/bin/env node
// The standalone Alpaca-compatible sandbox broker, for manual use:
//   npm run build -w backend && node backend/sandbox/main.ts --port 4010 --mode always-open
// Node 24 runs this file directly (type stripping: only erasable TypeScript here); the sandbox itself
// is the compiled backend/src/sandbox, the same code `npm start` and the tests use.
type SandboxCli = typeof import('../src/sandbox/sandbox-cli');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file Node runs as is
const cli = require('../dist/sandbox/sandbox-cli.js') as SandboxCli;

// runSandboxCli reports its own failures (a message and an exit code, never a stack).
void cli.runSandboxCli(process.argv.slice(2), process.env).then((result) => {
  if (typeof result === 'number') {
    process.exitCode = result;
    return;
  }
  const stop = () => {
    result.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
