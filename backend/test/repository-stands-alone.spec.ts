/**
 * The repository stands alone: no tracked file refers to a design document that lives outside it.
 * The contract whoever maintains Openbell next needs is in docs/architecture.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && !f.includes('node_modules/'));
}

describe('the repository stands alone', () => {
  it('no tracked file mentions the outside design document (docs/architecture.md carries the contract)', () => {
    const needle = ['DESIGN', 'md'].join('.');
    const offenders = trackedFiles().filter((file) => {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        return false; // deleted in the work tree, or not a regular file
      }
      return text.includes(needle);
    });
    expect(offenders).toEqual([]);
  });
});
