#!/usr/bin/env node
// The admin's initial bundle as browsers receive it from static-server.mjs, checked against
// docs/architecture.md "Performance targets" (transfer size < 250 kB). Angular's own budgets (angular.json) count
// raw bytes only, so the transfer-size target is enforced here:
//   node server/bundle-size.mjs [--dist dist/admin/browser] [--max-kb 250] [--json]
// Exit 1 when the gzip size (the larger of the two encodings the server offers) exceeds the limit.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COMPRESSORS } from './static-server.mjs';

export const TRANSFER_BUDGET_KB = 250;

/** The files index.html loads before the first page renders: scripts, module preloads, styles. */
export function initialFiles(indexHtml) {
  const files = [];
  for (const tag of indexHtml.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name) => tag.match(new RegExp(`\\b${name}="([^"]+)"`, 'i'))?.[1];
    const isScript = /^<script/i.test(tag);
    const rel = attr('rel');
    const url = isScript
      ? attr('src')
      : rel === 'modulepreload' || rel === 'stylesheet'
        ? attr('href')
        : undefined;
    if (url && !/^(https?:)?\/\//.test(url) && !files.includes(url)) files.push(url);
  }
  return files;
}

export async function measureInitialBundle(browserDir) {
  const index = await readFile(join(browserDir, 'index.html'), 'utf8');
  const files = [];
  for (const file of initialFiles(index)) {
    const body = await readFile(join(browserDir, file.replace(/^\//, '')));
    const [br, gzip] = await Promise.all([COMPRESSORS.br(body), COMPRESSORS.gzip(body)]);
    files.push({ file, raw: body.length, br: br.length, gzip: gzip.length });
  }
  const sum = (key) => files.reduce((total, f) => total + f[key], 0);
  return { files, total: { raw: sum('raw'), br: sum('br'), gzip: sum('gzip') } };
}

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;

async function main() {
  const { values } = parseArgs({
    options: {
      dist: {
        type: 'string',
        default: fileURLToPath(new URL('../dist/admin/browser', import.meta.url)),
      },
      'max-kb': { type: 'string', default: String(TRANSFER_BUDGET_KB) },
      json: { type: 'boolean', default: false },
    },
  });
  const limit = Number(values['max-kb']) * 1000;
  const result = await measureInitialBundle(resolve(values.dist));
  if (values.json) {
    console.log(JSON.stringify({ ...result, limit }));
  } else {
    const rows = [...result.files, { file: 'initial total', ...result.total }];
    const width = Math.max(...rows.map((r) => r.file.length));
    console.log(
      `${'initial file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'brotli'.padStart(10)}  ${'gzip'.padStart(10)}`,
    );
    for (const r of rows) {
      console.log(
        `${r.file.padEnd(width)}  ${kB(r.raw).padStart(10)}  ${kB(r.br).padStart(10)}  ${kB(r.gzip).padStart(10)}`,
      );
    }
  }
  if (result.total.gzip > limit) {
    console.error(
      `Initial bundle transfer size ${kB(result.total.gzip)} (gzip) exceeds ${kB(limit)} (docs/architecture.md "Performance targets").`,
    );
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`bundle-size: ${error.message}`);
    process.exit(1);
  });
}
