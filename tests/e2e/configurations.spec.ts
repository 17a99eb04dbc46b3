import { expect, test, type Page } from '@playwright/test';
import type { Defaults, EvaluationResult, ModelConfig } from '../../engine/core/api/schema.js';
import { setCutPoint } from '../../engine/core/model/cutPoints.js';
import { variantFromTemplate } from '../../engine/core/model/variantTemplates.js';
import { rebalanceWeights } from '../../engine/core/model/weights.js';

const settled = (page: Page) => page.locator('[data-testid="calibration"][data-settled="true"]');

async function engineStart(page: Page): Promise<{ defaults: Defaults; asOf: string }> {
  const defaults = (await (await page.request.post('/api/getDefaults', { data: {} })).json()) as Defaults;
  const meta = (await (await page.request.post('/api/getDataset', { data: {} })).json()) as { periods: string[] };
  return { defaults, asOf: meta.periods.at(-1)! };
}

/** The screen's tier counts and overall confusion equal the engine's for the same model. */
async function expectScreenIsEngine(
  page: Page,
  config: ModelConfig,
  backtest: Defaults['backtest'],
  asOf: string,
): Promise<EvaluationResult> {
  const res = await page.request.post('/api/evaluate', { data: { config, backtest, asOf } });
  expect(res.ok()).toBe(true);
  const r = (await res.json()) as EvaluationResult;
  await expect(settled(page)).toBeVisible();
  for (const t of r.portfolio.tierCounts)
    await expect(page.getByTestId(`tier-count-${t.tierId}`)).toHaveAttribute('data-value', String(t.count));
  for (const k of ['tp', 'fp', 'fn', 'tn'] as const)
    await expect(page.getByTestId(`confusion-${k}`)).toHaveAttribute(
      'data-value',
      String(r.backtest.overall.confusion[k]),
    );
  return r;
}

test('a separate Enterprise configuration: own weights and cut points, its rule edited, matching the engine', async ({
  page,
}) => {
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  const { defaults, asOf } = await engineStart(page);

  await page.getByTestId('add-configuration').click();
  await page.getByTestId('add-segment-Enterprise').click();
  const enterprise = variantFromTemplate(defaults.config, { kind: 'segment', value: 'Enterprise' });
  // The default model has configurations of its own (onboarding): the new one is tried after them.
  const before = defaults.config.variants ?? [];
  const at = before.length;
  let config: ModelConfig = { ...defaults.config, variants: [...before, enterprise] };
  const r0 = await expectScreenIsEngine(page, config, defaults.backtest, asOf);
  const counts = Object.fromEntries(r0.configurations.map((c) => [c.id, c.accounts]));
  await expect(page.getByTestId('configuration-picker')).toContainText(
    `Enterprise · ${counts.enterprise!.toLocaleString('en-US')}`,
  );
  await expect(page.getByTestId('configuration-picker')).toContainText(
    `Default (everyone else) · ${counts.default!.toLocaleString('en-US')}`,
  );
  await expect(page.getByTestId('configuration-rule')).toHaveText(`${at + 1}. Segment Enterprise`);

  // Usage up five points and Green's cut point down five, for Enterprise only.
  await page.getByRole('slider', { name: 'Usage weight' }).focus();
  let cats = enterprise.categories;
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('ArrowRight');
    const weights = rebalanceWeights(
      cats.map((c) => ({ weight: c.weight, locked: false })),
      0,
      cats[0]!.weight + 1,
    );
    cats = cats.map((c, k) => ({ ...c, weight: weights[k]! }));
  }
  await page.getByRole('slider', { name: 'Green lower bound' }).focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  const cuts = setCutPoint(defaults.config.tiers, 0, defaults.config.tiers.tiers[0]!.min - 5).tiers.map((t) => t.min);
  config = { ...defaults.config, variants: [...before, { ...enterprise, categories: cats, cuts }] };
  await expect(page.getByTestId('weight-value-usage')).toHaveText('35 %');
  await expectScreenIsEngine(page, config, defaults.backtest, asOf);

  // The default configuration kept its own weights and cut points.
  await page
    .getByTestId('configuration-picker')
    .getByText(/^Default/)
    .click();
  await expect(page.getByTestId('weight-value-usage')).toHaveText('30 %');
  await expect(page.getByTestId(`cut-value-${defaults.config.tiers.tiers[0]!.id}`)).toHaveText(
    String(defaults.config.tiers.tiers[0]!.min),
  );

  // Narrow the rule to Enterprise accounts with ARR of 100,000 or more; an empty ARR band is refused with its path.
  await page
    .getByTestId('configuration-picker')
    .getByText(/^Enterprise/)
    .click();
  await page.getByTestId('edit-rule').click();
  const editor = page.getByRole('dialog', { name: /Who “Enterprise” scores/ });
  await editor.getByTestId('rule-arr-min').fill('100000');
  await editor.getByTestId('rule-arr-below').fill('50000');
  await editor.getByTestId('apply-rule').click();
  await expect(editor.getByTestId('rule-problems')).toContainText(
    `variants[${at}].when.arrBelow: the ARR band is empty: 100000 to below 50000`,
  );
  await editor.getByTestId('rule-arr-below').fill('');
  await editor.getByTestId('rule-name').fill('Large Enterprise');
  await page.screenshot({ path: 'tests/artifacts/configuration-rule.png' });
  await editor.getByTestId('apply-rule').click();
  await expect(editor).toBeHidden();
  config = {
    ...config,
    variants: [
      ...before,
      { ...config.variants![at]!, name: 'Large Enterprise', when: { segments: ['Enterprise'], arrMin: 100_000 } },
    ],
  };
  await expect(page.getByTestId('configuration-rule')).toHaveText(
    `${at + 1}. Segment Enterprise · ARR 100,000 or more`,
  );
  const r1 = await expectScreenIsEngine(page, config, defaults.backtest, asOf);
  expect(r1.configurations[at]!.accounts).toBeLessThan(counts.enterprise!);

  // Accuracy per configuration, and the configuration named on each account it scored.
  await page.getByRole('tab', { name: 'Segments' }).click();
  const table = page.getByTestId('configuration-accuracy');
  await expect(table.getByTestId('segment-row-Large Enterprise')).toBeVisible();
  await expect(table.getByTestId('segment-row-Large Enterprise').locator('td').nth(1)).toHaveText(
    r1.configurations[at]!.metrics.n.toLocaleString('en-US'),
  );
  await page.screenshot({ path: 'tests/artifacts/configurations.png', fullPage: true });
  await page.getByRole('tab', { name: 'Accounts' }).click();
  await expect(page.getByTestId('account-configuration').first()).toHaveText('Large Enterprise');

  // Removing it is one undoable edit.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByTestId('remove-configuration').click();
  await expectScreenIsEngine(page, defaults.config, defaults.backtest, asOf);
  await page.keyboard.press('Control+z');
  await expectScreenIsEngine(page, config, defaults.backtest, asOf);
});

test('seasonal trends: comparing with the same period last year matches the engine and is undoable', async ({
  page,
}) => {
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  const { defaults, asOf } = await engineStart(page);
  await page.getByTestId('trend-baseline').getByText('Same period last year').click();
  const seasonal = await expectScreenIsEngine(
    page,
    { ...defaults.config, baseline: 'last-year' },
    defaults.backtest,
    asOf,
  );
  const trailing = (await (
    await page.request.post('/api/evaluate', { data: { config: defaults.config, backtest: defaults.backtest, asOf } })
  ).json()) as EvaluationResult;
  expect(seasonal.portfolio.histogram).not.toEqual(trailing.portfolio.histogram);
  // Focus is still on the segmented control (a radio input): undo applies to the model all the same.
  await page.keyboard.press('Control+z');
  await expectScreenIsEngine(page, defaults.config, defaults.backtest, asOf);
});
