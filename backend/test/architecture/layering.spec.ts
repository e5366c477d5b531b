import { join } from 'node:path';
import { ESLint } from 'eslint';

/**
 * The layering rule of eslint.config.mjs is alive: `npm run lint` passing means nothing if a
 * plugin upgrade or a typo turned the rule into a no-op, so each case lints a file placed in a
 * real folder and expects the verdict.
 */
const root = join(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, 'backend/src', path) });
  return result.messages
    .filter((m) => m.ruleId === 'boundaries/dependencies')
    .map((m) => m.message);
}

describe('backend layering (eslint-plugin-boundaries)', () => {
  it.each([
    ['infra/config/x.ts', '../../alerts/alerts.service', 'infra may not import alerts'],
    ['alerts/x.ts', '../trading/daily-run.service', 'alerts may not import trading'],
    ['trading/x.ts', '../portfolio/portfolio.service', 'trading may not import portfolio'],
    ['toggles/x.ts', '../status/status.service', 'toggles may not import status'],
    ['trading/broker/x.ts', '../run-execution', 'broker may not import trading'],
  ])('refuses %s importing %s', async (path, target, message) => {
    const errors = await layeringErrors(
      path,
      `import * as m from '${target}';\nexport const x = m;\n`,
    );
    expect(errors).toEqual([expect.stringContaining(message)]);
  });

  it.each([
    ['trading/x.ts', '../toggles/toggles.service'],
    ['portfolio/x.ts', '../trading/run-finished.hooks'],
    ['trading/x.controller.ts', '../auth/auth.decorators'],
    ['infra/database/x.ts', '../../trading/order-intent.entity'],
  ])('allows %s importing %s', async (path, target) => {
    await expect(
      layeringErrors(path, `import * as m from '${target}';\nexport const x = m;\n`),
    ).resolves.toEqual([]);
  });
});
