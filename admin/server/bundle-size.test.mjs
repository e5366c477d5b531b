import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { initialFiles, measureInitialBundle } from './bundle-size.mjs';

const SCRIPT = fileURLToPath(new URL('./bundle-size.mjs', import.meta.url));
// As `ng build` writes it (inlineCritical off): stylesheet, module preload, entry script.
const INDEX = `<!doctype html><html><head><link rel="icon" href="data:,"/>
<link rel="stylesheet" href="styles-AAAAAAAA.css"></head><body><ob-root></ob-root>
<link rel="modulepreload" href="chunk-BBBBBBBB.js"><script src="main-CCCCCCCC.js" type="module"></script>
<script src="https://cdn.example.com/x.js"></script></body></html>`;

describe('bundle-size', () => {
  let dist;
  before(() => {
    dist = mkdtempSync(join(tmpdir(), 'admin-bundle-'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'styles-AAAAAAAA.css'), 'body{margin:0}'.repeat(100));
    writeFileSync(join(dist, 'chunk-BBBBBBBB.js'), 'export const a = 1;\n'.repeat(1000));
    writeFileSync(join(dist, 'main-CCCCCCCC.js'), 'import "./chunk-BBBBBBBB.js";\n');
    writeFileSync(join(dist, 'chunk-LAZYLAZY.js'), 'lazy'.repeat(10_000));
  });
  after(() => rmSync(dist, { recursive: true, force: true }));

  it('finds what index.html loads up front, not lazy chunks or other origins', () => {
    assert.deepEqual(initialFiles(INDEX), [
      'styles-AAAAAAAA.css',
      'chunk-BBBBBBBB.js',
      'main-CCCCCCCC.js',
    ]);
  });

  it('measures raw and compressed sizes', async () => {
    const { files, total } = await measureInitialBundle(dist);
    assert.deepEqual(
      files.map((f) => [f.file, f.raw]),
      [
        ['styles-AAAAAAAA.css', 1400],
        ['chunk-BBBBBBBB.js', 20000],
        ['main-CCCCCCCC.js', 30],
      ],
    );
    assert.equal(total.raw, 21430);
    assert.ok(total.br < total.raw / 10 && total.gzip < total.raw / 10);
  });

  it('fails when the transfer size exceeds the limit', () => {
    const ok = spawnSync(process.execPath, [SCRIPT, '--dist', dist], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /initial total/);
    const over = spawnSync(process.execPath, [SCRIPT, '--dist', dist, '--max-kb', '0.1'], {
      encoding: 'utf8',
    });
    assert.equal(over.status, 1);
    assert.match(over.stderr, /exceeds 0\.10 kB/);
  });
});
