import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { Defaults, Insight } from '../../engine/core/api/schema.js';

const settled = (page: Page) => page.locator('[data-testid="calibration"][data-settled="true"]');

test('the Signals tab ranks every signal, the editor shows a signal’s power, Curves shows stability and the cut', async ({
  page,
}) => {
  mkdirSync('tests/artifacts', { recursive: true });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  const defaults = (await (await page.request.post('/api/getDefaults', { data: {} })).json()) as Defaults;
  const res = await page.request.post('/api/insight', {
    data: { config: defaults.config, backtest: defaults.backtest },
  });
  expect(res.ok()).toBe(true);
  const insight = (await res.json()) as Insight;

  await page.getByRole('tab', { name: 'Signals' }).click();
  const view = page.getByTestId('signals-view');
  await expect(view).toBeVisible();
  // The strongest signal the engine found is the first row on screen.
  const judged = insight.signals.filter((s) => s.auc !== null && s.varies && s.coverage > 0);
  const best = judged.sort((a, b) => b.auc! - a.auc!)[0]!;
  await expect(page.getByTestId('insight-table-signal').locator('tbody tr').first()).toHaveAttribute(
    'data-testid',
    `insight-row-${best.id}`,
  );
  await expect(page.getByTestId(`insight-row-${best.id}`)).toContainText(best.auc!.toFixed(3));
  for (const s of insight.signals.filter((x) => x.coverage === 0))
    await expect(page.getByTestId(`insight-row-${s.id}`)).toContainText('no data');
  await page.screenshot({ path: 'tests/artifacts/insight-signals.png', fullPage: true });

  await page.getByRole('tab', { name: /Curves/ }).click();
  await expect(page.getByTestId('chart-stability').locator('.scatterlayer .trace').first()).toBeVisible();
  await expect(page.getByTestId('chart-roc').getByText('current cut')).toBeVisible();
  await expect(page.getByTestId('chart-pr').getByText('current cut')).toBeVisible();
  await expect(page.getByTestId('chart-decile-calibration')).toBeVisible();
  await page.screenshot({ path: 'tests/artifacts/insight-curves.png', fullPage: true });

  await page.getByTestId('edit-category-usage').click();
  const editor = page.getByRole('dialog', { name: 'Edit Usage' });
  await expect(editor.getByTestId('signal-power-logins_trend')).toContainText('Coverage');
  await page.screenshot({ path: 'tests/artifacts/insight-editor.png' });
  expect(problems).toEqual([]);
});

test('the category editor keeps its layout while its previews and figures load, so its lists stay in view', async ({
  page,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('edit-category-usage').click();
  const editor = page.getByRole('dialog', { name: 'Edit Usage' });
  const addSignal = editor.getByTestId('add-signal');
  // The editor opens before the engine has measured its signals (the insight is asked for once it opens).
  await expect(editor.getByText('Measuring how much this signal alone tells about churn…').first()).toBeVisible();
  const before = await addSignal.boundingBox();
  const powers = editor.locator('[data-testid^="signal-power-"]');
  await expect(powers.first()).toContainText('Coverage', { timeout: 60_000 });
  for (const card of await powers.all()) await expect(card).toContainText('Coverage');
  await expect(editor.locator('[data-testid^="preview-loading-"]')).toHaveCount(0);
  const after = await addSignal.boundingBox();
  expect(before).not.toBeNull();
  expect(Math.abs(after!.y - before!.y)).toBeLessThanOrEqual(1);
  expect(problems).toEqual([]);
});
