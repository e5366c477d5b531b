// The admin console against the real backend (embedded PostgreSQL, sandbox broker always open,
// TRADING_ENABLED unset = dry-run ceiling): what an operator does in a hurry, and what a viewer
// may not do. Screenshots of every page go to admin/test-output/e2e/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCREENSHOTS, startStack } from './stack.mjs';

const OPERATOR = { email: 'e2e-operator@example.com', password: 'Kestrel-vapor-Quill-83' };
const VIEWER = { email: 'e2e-viewer@example.com', password: 'Marlin-octave-Fjord-47' };
const WAIT = { timeout: 15_000 };

describe('admin console against the real backend', () => {
  let stack;
  const violations = [];

  before(async () => {
    stack = await startStack();
    await stack.createAccount(OPERATOR.email, 'operator', OPERATOR.password);
    await stack.createAccount(VIEWER.email, 'viewer', VIEWER.password);
  });
  after(async () => {
    await stack?.stop();
  });

  async function openPage(viewport = { width: 1280, height: 900 }) {
    const context = await stack.browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy|Trusted Type/i.test(message.text()))
        violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
    return { page, close: () => context.close() };
  }

  async function signIn(page, account) {
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const shot = (page, name) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  async function confirmWithReason(page, reason) {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor(WAIT);
    await dialog.getByTestId('confirm-reason').fill(reason);
    await dialog.getByTestId('confirm-submit').click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
  }

  it('operator: signs in, previews, dry-runs, reads the run and its orders, edits the targets, flips the kill switch and finds both audited', async () => {
    const { page, close } = await openPage();
    try {
      await page.goto(`${stack.adminUrl}/runs`);
      await page.waitForURL(/\/login\?returnUrl=%2Fruns/, WAIT);

      await signIn(page, { ...OPERATOR, password: 'not-the-password' });
      await page
        .getByTestId('login-error')
        .filter({ hasText: 'Wrong email or password.' })
        .waitFor(WAIT);
      await shot(page, 'login-error');

      await signIn(page, OPERATOR);
      // Back to the page asked for before signing in.
      await page.waitForURL(/\/runs$/, WAIT);

      await page.getByRole('link', { name: 'Dashboard' }).click();
      const mode = page.getByTestId('trading-mode');
      await mode.filter({ hasText: /^(LIVE|DRY-RUN|KILLED)$/ }).waitFor(WAIT);
      // TRADING_ENABLED is unset: the environment ceiling keeps the API in dry-run.
      assert.equal(await mode.textContent(), 'DRY-RUN');
      assert.match(await page.getByTestId('trading-why').textContent(), /TRADING_ENABLED=false/);
      await page.getByTestId('market-state').filter({ hasText: 'OPEN' }).waitFor(WAIT);
      await page.getByTestId('readiness-item').filter({ hasText: 'Broker: up' }).waitFor(WAIT);
      await shot(page, 'dashboard');

      await page.getByTestId('preview').click();
      await page.getByTestId('preview-result').waitFor(WAIT);
      const planned = await page.getByTestId('preview-row').allTextContents();
      assert.ok(planned.length > 0, 'the preview plans orders for the default targets');
      assert.ok(
        planned.some((row) => row.includes('SPY')),
        planned.join(' | '),
      );
      await shot(page, 'dashboard-preview');

      await page.getByTestId('dry-run-now').click();
      await confirmWithReason(page, 'e2e: rehearse today');
      const outcome = page.getByTestId('control-outcome');
      await outcome.waitFor(WAIT);
      assert.match(await outcome.textContent(), /Run succeeded/);

      await page.getByRole('link', { name: 'Runs' }).click();
      const run = page.getByTestId('run-row').filter({ hasText: 'manual (dry run)' }).first();
      await run.waitFor(WAIT);
      assert.match(await run.textContent(), /succeeded/);
      await shot(page, 'runs');
      await run.getByRole('link').click();
      await page.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor(WAIT);
      const orders = await page.getByTestId('run-order-row').allTextContents();
      assert.ok(orders.length > 0, 'the dry run recorded orders');
      assert.ok(
        orders.every((row) => row.includes('simulated')),
        orders.join(' | '),
      );
      await shot(page, 'run-detail');

      await page.getByRole('link', { name: 'Orders' }).click();
      await page.getByTestId('order-row').first().waitFor(WAIT);
      await page.getByLabel('Symbol').fill('spy');
      await page.getByRole('button', { name: 'Apply' }).click();
      // Only SPY rows once the filter applies (TLT rows were there before).
      await page
        .getByTestId('order-row')
        .filter({ hasNotText: 'SPY' })
        .first()
        .waitFor({ state: 'detached', ...WAIT });
      // (the table is replaced while the filtered page loads, so wait for rows again)
      await page.getByTestId('order-row').first().waitFor(WAIT);
      const filtered = await page.getByTestId('order-row').allTextContents();
      assert.ok(
        filtered.length > 0 && filtered.every((row) => row.includes('SPY')),
        filtered.join(' | '),
      );
      await shot(page, 'orders');

      await page.getByRole('link', { name: 'Strategy' }).click();
      await page.getByTestId('target-row').first().waitFor(WAIT);
      await shot(page, 'strategy');
      await page.getByTestId('edit-targets').click();
      await page.locator('input[name=percent0]').fill('50');
      await page.getByTestId('review').click();
      const diff = page.getByTestId('diff');
      await diff.waitFor(WAIT);
      assert.equal(
        (await diff.locator('li').allTextContents())
          .map((t) => t.trim().replace(/\s+/g, ' '))
          .join(' | '),
        'SPY: 60 % → 50 %',
      );
      await shot(page, 'strategy-diff');
      await page.getByTestId('save-targets').click();
      await confirmWithReason(page, 'e2e: less equity');
      await page
        .getByTestId('strategy-outcome')
        .filter({ hasText: 'Targets saved.' })
        .waitFor(WAIT);
      await page.getByTestId('target-row').filter({ hasText: '50 %' }).waitFor(WAIT);

      await page.getByRole('link', { name: 'Dashboard' }).click();
      const killSwitch = page.getByTestId('kill-switch');
      await killSwitch.filter({ hasText: 'Stop trading (kill switch)' }).waitFor(WAIT);
      await killSwitch.click();
      await confirmWithReason(page, 'e2e: drill the kill switch');
      await outcome.filter({ hasText: 'Kill switch on: trading stopped.' }).waitFor(WAIT);
      await mode.filter({ hasText: 'KILLED' }).waitFor(WAIT);
      await shot(page, 'dashboard-killed');

      // Emergency cancel: two confirmations, the second with the typed phrase and no second reason.
      await page.getByTestId('cancel-all').click();
      await page.getByTestId('confirm-reason').fill('e2e: emergency drill');
      await page.getByTestId('confirm-submit').click();
      const second = page
        .getByRole('dialog')
        .filter({ hasText: 'Really cancel every open order?' });
      await second
        .getByTestId('given-reason')
        .filter({ hasText: 'e2e: emergency drill' })
        .waitFor(WAIT);
      assert.equal(await second.getByTestId('confirm-submit').isDisabled(), true);
      await second.getByTestId('confirm-phrase').fill('CANCEL ALL');
      await second.getByTestId('confirm-submit').click();
      await second.waitFor({ state: 'detached', ...WAIT });
      await outcome.filter({ hasText: /Cancel (requested|all failed)/ }).waitFor(WAIT);
      assert.match(
        await outcome.textContent(),
        /^\s*Cancel requested for \d+ open order\(s\)\.\s*$/,
      );

      await page.emulateMedia({ colorScheme: 'dark' });
      await shot(page, 'dashboard-dark');
      await page.emulateMedia({ colorScheme: 'light' });

      await page.getByRole('link', { name: 'Audit log' }).click();
      const audited = page
        .getByTestId('audit-row')
        .filter({ hasText: 'toggles.update' })
        .filter({ hasText: 'e2e: drill the kill switch' });
      await audited.waitFor(WAIT);
      // Two events: the request (committed before the broker is called) and its outcome.
      await page
        .getByTestId('audit-row')
        .filter({ hasText: 'orders.cancel_all.outcome' })
        .waitFor(WAIT);
      assert.match(await audited.textContent(), /e2e-operator@example\.com/);
      await page
        .getByTestId('audit-row')
        .filter({ hasText: 'strategy.targets' })
        .filter({ hasText: 'e2e: less equity' })
        .waitFor(WAIT);
      await shot(page, 'audit');

      await page.getByRole('link', { name: 'Alerts' }).click();
      await page
        .getByTestId('alert-row')
        .filter({ hasText: 'trading_toggled' })
        .first()
        .waitFor(WAIT);
      await shot(page, 'alerts');
    } finally {
      await close();
    }
  });

  it('viewer: the dashboard card leads to the Portfolio page, which draws the equity curve, the positions and the weights', async () => {
    const { page, close } = await openPage({ width: 1280, height: 1100 });
    try {
      await page.goto(stack.adminUrl);
      await page.waitForURL(/\/login/, WAIT);
      await signIn(page, VIEWER);
      await page.waitForURL(/\/dashboard$/, WAIT);
      const card = page.getByTestId('portfolio-card');
      await card.getByTestId('card-equity').waitFor(WAIT);
      assert.match(await card.getByTestId('card-equity').textContent(), /^\s*\$[\d,]+\.\d{2}\s*$/);
      assert.match(
        await card.getByTestId('card-drift').textContent(),
        /Largest drift:\s+[A-Z]+ [+-]?\d+\.\d{2} %/,
      );
      await shot(page, 'viewer-dashboard-portfolio-card');

      await card.getByRole('link', { name: /Open the portfolio/ }).click();
      await page.waitForURL(/\/portfolio$/, WAIT);
      await page.getByTestId('equity').waitFor(WAIT);
      // The chart is drawn (the library is loaded with this page) and said in words too.
      await page
        .locator('[data-testid=equity-chart][data-drawn=true] canvas')
        .first()
        .waitFor(WAIT);
      await page.getByTestId('curve-summary').waitFor(WAIT);
      const rows = await page.getByTestId('position-row').allTextContents();
      const symbols = await page
        .getByTestId('position-row')
        .locator('td:first-child')
        .allTextContents();
      assert.deepEqual(
        symbols.map((symbol) => symbol.trim()),
        ['QQQ', 'SPY', 'TLT'],
      );
      assert.ok(
        rows.every((row) => /\$[\d,]+\.\d{2}/.test(row)),
        rows.join(' | '),
      );
      assert.equal(await page.getByTestId('weight-row').count(), 3);
      await shot(page, 'viewer-portfolio');

      // Another period redraws the curve.
      await page.locator('[data-period="1W"] button').click();
      await page
        .getByTestId('curve-summary')
        .filter({ hasText: 'hourly points in ET' })
        .waitFor(WAIT);
      await page
        .locator('[data-testid=equity-chart][data-drawn=true] canvas')
        .first()
        .waitFor(WAIT);
      await shot(page, 'viewer-portfolio-1w');
    } finally {
      await close();
    }
    assert.deepEqual(violations, []);
  });

  it('viewer on a phone-sized screen: every control disabled with the reason; a rejected token returns to sign-in and back to the page', async () => {
    const { page, close } = await openPage({ width: 390, height: 844 });
    try {
      await page.goto(stack.adminUrl);
      await page.waitForURL(/\/login/, WAIT);
      await signIn(page, VIEWER);
      await page.waitForURL(/\/dashboard$/, WAIT);
      await page.getByTestId('trading-mode').filter({ hasText: 'KILLED' }).waitFor(WAIT);
      assert.match(
        await page.getByTestId('controls-disabled-reason').textContent(),
        /signed in as viewer: only operators/,
      );
      for (const control of [
        'kill-switch',
        'scheduler-toggle',
        'dry-run-now',
        'run-now',
        'cancel-all',
      ]) {
        assert.equal(await page.getByTestId(control).isDisabled(), true, `${control} is disabled`);
      }
      // Reading today's plan changes nothing: viewers may.
      assert.equal(await page.getByTestId('preview').isDisabled(), false);
      await shot(page, 'viewer-dashboard-phone');

      await page.goto(`${stack.adminUrl}/strategy`);
      await page.getByTestId('edit-disabled-reason').waitFor(WAIT);
      assert.equal(await page.getByTestId('edit-targets').isDisabled(), true);
      await shot(page, 'viewer-strategy-phone');

      // A token the API no longer accepts (expired, secret rotated, account disabled): back to
      // sign-in, saying so, and back to the same page afterwards.
      await page.goto(`${stack.adminUrl}/runs`);
      await page.getByTestId('run-row').first().waitFor(WAIT);
      await page.evaluate(`(() => {
        const session = JSON.parse(sessionStorage.getItem('openbell.session'));
        sessionStorage.setItem('openbell.session', JSON.stringify({ ...session, accessToken: 'not.a.token' }));
      })()`);
      await page.reload();
      await page.waitForURL(/\/login\?returnUrl=%2Fruns$/, WAIT);
      await page.getByTestId('session-expired').waitFor(WAIT);
      await shot(page, 'session-expired-phone');
      await signIn(page, VIEWER);
      await page.waitForURL(/\/runs$/, WAIT);
      await page.getByTestId('run-row').first().waitFor(WAIT);
    } finally {
      await close();
    }
    assert.deepEqual(violations, []);
  });
});
