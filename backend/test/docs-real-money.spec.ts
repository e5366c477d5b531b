/**
 * One truth about real money: production trades (and uses the live host) only through a reviewed
 * change of .railway/railway.ts (PRODUCTION_TRADING_ENABLED, PRODUCTION_ALPACA), promoted like any
 * release. Every document that talks about turning trading on must say so, and none may describe
 * another way (a dashboard edit, `railway variables`, an operator setting the variable in Railway).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** The documents: README.md and everything in docs/. */
export function documents(): { file: string; text: string }[] {
  return [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ].map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));
}

/** Paragraphs, list items and table rows: the units a statement lives in. */
export function statements(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .flatMap((block) =>
      /^\s*\|/.test(block) ? block.split('\n') : block.split(/\n(?=\s*(?:[-*]|\d+\.)\s)/),
    )
    .map((unit) => unit.replace(/\s+/g, ' ').trim())
    .filter((unit) => unit && !unit.startsWith('#'));
}

/** Talks about making real orders (or real money) happen. */
const ENABLING =
  /TRADING_ENABLED\s*=\s*`?true|ALPACA_LIVE\s*=\s*`?true|turn(?:s|ing)? (?:real |live )?trading on|real[- ]money trading|trade real money|sets? `?true`? in Railway/i;
/** Names the one way: the reviewed change of railway.ts. */
const THE_WAY = /railway\.ts|PRODUCTION_TRADING_ENABLED|PRODUCTION_ALPACA/;
/** Another way: an edit outside the reviewed file. */
const ANOTHER_WAY =
  /(?:operator|you|someone|admin)s? (?:sets?|changes?|flips?|edits?)[^.]*(?:in|on) (?:the )?Railway|railway variables[^.]*TRADING_ENABLED|TRADING_ENABLED[^.]*(?:dashboard|railway variables)[^.]*(?:to|=) ?`?true|set(?:s|ting)? `?TRADING_ENABLED=true`? in (?:the )?(?:Railway|dashboard)/i;
/** A statement may name the forbidden way only to forbid it. */
const FORBIDS = /\b(?:never|not|no|reverted|reverts)\b/i;

export function violations(markdown: string): string[] {
  return statements(markdown).filter(
    (s) => (ENABLING.test(s) && !THE_WAY.test(s)) || (ANOTHER_WAY.test(s) && !FORBIDS.test(s)),
  );
}

describe('one truth about real money', () => {
  it('no document describes turning trading on other than by the reviewed change of railway.ts', () => {
    const found = documents().flatMap(({ file, text }) =>
      violations(text).map((statement) => `${file}: ${statement.slice(0, 200)}`),
    );
    expect(found).toEqual([]);
  });

  it('docs/deployment.md says how: the reviewed change, and never the dashboard', () => {
    const deployment = documents().find((d) => d.file === 'docs/deployment.md')!.text;
    const section = deployment.split('## Turning real trading on')[1]?.split('\n## ')[0] ?? '';
    expect(section).toContain('`PRODUCTION_TRADING_ENABLED = true`');
    expect(section).toContain('`.railway/railway.ts`');
    expect(section).toMatch(
      /Never set `TRADING_ENABLED` or `ALPACA_LIVE` in the Railway dashboard/,
    );
  });

  it('railway.ts says the same in its own words', () => {
    const file = readFileSync(join(ROOT, '.railway/railway.ts'), 'utf8');
    expect(file).toMatch(/Turning real orders on is a reviewed change of this line/);
    expect(file).toMatch(/export const PRODUCTION_TRADING_ENABLED = (true|false);/);
  });

  it('catches the ways it was written before', () => {
    for (const statement of [
      '| `TRADING_ENABLED` | `false` in the file; an operator sets `true` in Railway, deliberately | `false` | `false` |',
      'To go live, set `TRADING_ENABLED=true` in the Railway dashboard and redeploy.',
      'Run `railway variables --set TRADING_ENABLED=true --service worker` to start trading.',
      'Turning trading on: flip the variable on the worker service.',
    ])
      expect(violations(statement)).toEqual([statement]);
    expect(
      violations(
        'Never set `TRADING_ENABLED` in the Railway dashboard: the next deploy reverts it; turning trading on is a change of `.railway/railway.ts`.',
      ),
    ).toEqual([]);
  });
});
