import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startStack } from './stack.mjs';

describe('admin against the real backend', () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  it('shows the API as ready with its checks', async () => {
    const page = await stack.browser.newPage();
    const violations = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Trusted Type/i.test(message.text()))
        violations.push(message.text());
    });
    // The readiness page needs no account (reachable when sign-in is broken).
    await page.goto(`${stack.adminUrl}/status`);
    await page.getByTestId('readiness').filter({ hasText: 'Ready' }).waitFor({ timeout: 15_000 });
    const checks = await page.locator('ul[aria-label=Checks] li').allTextContents();
    assert.ok(
      checks.some((c) => c.includes('database: up')),
      `checks: ${checks.join(' | ')}`,
    );
    // The production server's CSP must not block any part of the build (an inline script once
    // left the global stylesheet on media=print).
    assert.deepEqual(violations, []);
    const stylesheets = await page.$$eval('link[rel=stylesheet]', (links) =>
      links.map((link) => link.media || 'all'),
    );
    assert.deepEqual(stylesheets, ['all']);
    await page.screenshot({ path: join(SCREENSHOTS, 'status.png'), fullPage: true });
    await page.close();
  });
});
