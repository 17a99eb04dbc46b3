import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Defaults, EvaluationResult, ModelConfig } from '../../engine/core/api/schema.js';
import { rebalanceWeights } from '../../engine/core/model/weights.js';
import { setCutPoint } from '../../engine/core/model/cutPoints.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { buildCli, cliAndOracle, type OracleResult } from '../oracle/runOracle.js';
import { verdictOf } from '../../engine/core/verdict/verdict.js';
import { DEFAULT_REPLICATES } from '../../engine/core/backtest/bootstrap.js';
import { capacityWords } from '../../renderer/components/capacityWords.js';

const settled = (page: Page) => page.locator('[data-testid="calibration"][data-settled="true"]');

async function engineEvaluate(
  page: Page,
  config: ModelConfig,
  atRiskTiers: string[],
  asOf: string,
): Promise<EvaluationResult> {
  const res = await page.request.post('/api/evaluate', {
    data: { config, backtest: { ...DEFAULT_BACKTEST, atRiskTiers }, asOf },
  });
  expect(res.ok()).toBe(true);
  return (await res.json()) as EvaluationResult;
}

/** What the screen shows, read from the data-value attributes (full precision). */
async function shown(page: Page, tierIds: string[]) {
  await expect(settled(page)).toBeVisible();
  const attr = async (id: string) => page.getByTestId(id).getAttribute('data-value');
  const tierCounts = await Promise.all(tierIds.map(async (t) => Number(await attr(`tier-count-${t}`))));
  const num = async (id: string) => {
    const v = await attr(id);
    return v === '' || v === null ? null : Number(v);
  };
  return {
    tierCounts,
    precision: await num('metric-precision'),
    recall: await num('metric-recall'),
    f1: await num('metric-f1'),
    confusion: {
      tp: await num('confusion-tp'),
      fp: await num('confusion-fp'),
      fn: await num('confusion-fn'),
      tn: await num('confusion-tn'),
    },
    censored: await num('censored-count'),
    auc: await num('metric-auc'),
  };
}

function expected(r: EvaluationResult) {
  return {
    tierCounts: r.portfolio.tierCounts.map((t) => t.count),
    precision: r.backtest.overall.precision,
    recall: r.backtest.overall.recall,
    f1: r.backtest.overall.f1,
    confusion: r.backtest.overall.confusion,
    censored: r.backtest.censored,
    auc: r.backtest.auc,
  };
}

/** The configuration the first test reaches by keyboard: Usage +5 points (the others rebalance), Green from 67, Yellow from 52. */
function keyboardEdited(start: ModelConfig): ModelConfig {
  let config = start;
  const usage = config.categories.findIndex((c) => c.id === 'usage');
  for (let i = 0; i < 5; i++) {
    const weights = rebalanceWeights(
      config.categories.map((c) => ({ weight: c.weight, locked: false })),
      usage,
      config.categories[usage]!.weight + 1,
    );
    config = { ...config, categories: config.categories.map((c, k) => ({ ...c, weight: weights[k]! })) };
  }
  return { ...config, tiers: setCutPoint(setCutPoint(config.tiers, 0, 67), 1, 52) };
}

/**
 * The independent oracle's figures (tests/reference/pipeline_oracle.py: pandas and scikit-learn over the
 * CLI's snapshot file) for the default model and the keyboard-edited one, on the sample data the web host
 * serves. The engine's /api/evaluate runs the same pipeline as the screen; the oracle shares no code with it.
 */
let oracle: { initial: OracleResult; edited: OracleResult };
test.beforeAll(() => {
  test.setTimeout(180_000);
  buildCli();
  oracle = {
    initial: cliAndOracle(DEFAULT_CONFIG).oracle,
    edited: cliAndOracle(keyboardEdited(DEFAULT_CONFIG)).oracle,
  };
});

/** The screen's figures equal the oracle's: counts exactly, rates to 1e-12. */
function expectAsOracle(screen: Awaited<ReturnType<typeof shown>>, o: OracleResult): void {
  expect(o.mismatches).toEqual({ score: 0, tier: 0, atRisk: 0, evaluated: 0, churned: 0 });
  expect(screen.tierCounts).toEqual(o.portfolio.tierCounts.map((t) => t.count));
  expect(screen.confusion).toEqual(o.overall.confusion);
  expect(screen.censored).toBe(o.censored);
  const rates: [string, number | null, number | null][] = [
    ['precision', screen.precision, o.overall.precision],
    ['recall', screen.recall, o.overall.recall],
    ['F1', screen.f1, o.overall.f1],
    ['ROC AUC', screen.auc, o.auc],
  ];
  for (const [what, shownValue, oracleValue] of rates) {
    expect(shownValue === null, what).toBe(oracleValue === null);
    if (shownValue !== null && oracleValue !== null)
      expect(
        Math.abs(shownValue - oracleValue),
        `${what}: screen ${shownValue}, oracle ${oracleValue}`,
      ).toBeLessThanOrEqual(1e-12);
  }
}

/** The engine's defaults and latest snapshot date, as the screen starts from them. */
async function engineStart(page: Page): Promise<{ defaults: Defaults; asOf: string }> {
  const defaults = (await (await page.request.post('/api/getDefaults', { data: {} })).json()) as Defaults;
  const meta = (await (await page.request.post('/api/getDataset', { data: {} })).json()) as { periods: string[] };
  return { defaults, asOf: meta.periods.at(-1)! };
}

/** Every tier count on screen equals the engine's answer for the same configuration. */
async function expectTierCountsAsEngine(
  page: Page,
  config: ModelConfig,
  backtest: Defaults['backtest'],
  asOf: string,
): Promise<EvaluationResult> {
  const r = (await (
    await page.request.post('/api/evaluate', { data: { config, backtest, asOf } })
  ).json()) as EvaluationResult;
  for (const t of r.portfolio.tierCounts)
    await expect(page.getByTestId(`tier-count-${t.tierId}`)).toHaveAttribute('data-value', String(t.count));
  return r;
}

test('calibrating on the sample data: sliders by keyboard, numbers equal the engine', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });

  await page.goto('/');
  await expect(page.getByText('Health Score Workbench').first()).toBeVisible();
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });

  const defaults = (await (await page.request.post('/api/getDefaults', { data: {} })).json()) as Defaults;
  const dataset = (await (await page.request.post('/api/getDataset', { data: {} })).json()) as {
    periods: string[];
    accounts: number;
  };
  const asOf = dataset.periods[dataset.periods.length - 1]!;
  let config = defaults.config;
  const tierIds = () => config.tiers.tiers.map((t) => t.id);
  await expect(page.getByTestId('dataset-summary')).toContainText('5,000 accounts');

  // 1. The default model, as the engine computes it and as the independent oracle recomputes it.
  expect(config).toEqual(DEFAULT_CONFIG);
  const initial = await shown(page, tierIds());
  expect(initial).toEqual(expected(await engineEvaluate(page, config, ['red'], asOf)));
  expectAsOracle(initial, oracle.initial);
  expect(initial.censored).toBeGreaterThan(0);
  await expect(page.getByTestId('backtest-coverage')).toContainText('not yet observed');

  // The verdict above the tier cards is the engine's, once the intervals are in (as many resamples as the screen's).
  const withCi = (await (
    await page.request.post('/api/evaluate', {
      data: { config, backtest: { ...DEFAULT_BACKTEST, atRiskTiers: ['red'] }, asOf, bootstrap: DEFAULT_REPLICATES },
    })
  ).json()) as EvaluationResult;
  const verdict = verdictOf({ result: withCi, config, backtest: { ...DEFAULT_BACKTEST, atRiskTiers: ['red'] } });
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-overall', verdict.overall);
  for (const f of verdict.findings)
    await expect(page.getByTestId('verdict')).toContainText(f.sentence, { timeout: 60_000 });
  await expect(page.getByTestId('meaning-lift')).toBeVisible();
  await expect(page.getByTestId('metric-lift')).toHaveText(`${withCi.backtest.overall.lift!.toFixed(1)}×`);

  // 2. Usage weight up by five points with the keyboard; the others rebalance to keep 100.
  await page.getByRole('slider', { name: 'Usage weight' }).focus();
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('ArrowRight');
    const usage = config.categories.findIndex((c) => c.id === 'usage');
    const weights = rebalanceWeights(
      config.categories.map((c) => ({ weight: c.weight, locked: false })),
      usage,
      config.categories[usage]!.weight + 1,
    );
    config = { ...config, categories: config.categories.map((c, k) => ({ ...c, weight: weights[k]! })) };
  }
  await expect(page.getByTestId('weight-value-usage')).toHaveText('35 %');
  await expect(page.getByTestId('weight-total')).toHaveText('Total 100 %');
  const afterWeights = await shown(page, tierIds());
  expect(afterWeights).toEqual(expected(await engineEvaluate(page, config, ['red'], asOf)));
  expect(afterWeights.tierCounts).not.toEqual(initial.tierCounts);
  expect([afterWeights.precision, afterWeights.recall]).not.toEqual([initial.precision, initial.recall]);

  // 3. Green's cut point down 3 and Yellow's up 12: tiers move, metrics follow.
  await page.getByRole('slider', { name: 'Green lower bound' }).focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await page.getByRole('slider', { name: 'Yellow lower bound' }).focus();
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
  config = { ...config, tiers: setCutPoint(setCutPoint(config.tiers, 0, 67), 1, 52) };
  await expect(page.getByTestId('cut-value-green')).toHaveText('67');
  await expect(page.getByTestId('cut-value-yellow')).toHaveText('52');
  const afterCuts = await shown(page, tierIds());
  expect(afterCuts).toEqual(expected(await engineEvaluate(page, config, ['red'], asOf)));
  expect(config).toEqual(keyboardEdited(DEFAULT_CONFIG));
  expectAsOracle(afterCuts, oracle.edited);
  expect(afterCuts.recall).toBeGreaterThan(afterWeights.recall!);

  // 4. Widen the at-risk set to Red + Yellow.
  const yellowChip = page.getByRole('checkbox', { name: 'Yellow' });
  await yellowChip.focus();
  await page.keyboard.press('Space');
  await expect(yellowChip).toBeChecked();
  const afterAtRisk = await shown(page, tierIds());
  expect(afterAtRisk).toEqual(expected(await engineEvaluate(page, config, ['yellow', 'red'], asOf)));
  expect(afterAtRisk.recall).toBeGreaterThan(afterCuts.recall!);

  // 5. Charts are drawn, and bootstrap intervals arrive once the screen settles.
  // The histogram has a bar per occupied score point, split at the cut points on screen; the churn
  // chart a bar per tier, labelled with the tier table's churn rates.
  const hist = page.getByTestId('chart-histogram');
  await expect(hist.locator('rect.bar').first()).toBeVisible();
  expect(await hist.locator('g.cut').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-cut'))))).toEqual([
    Number(await page.getByRole('slider', { name: 'Green lower bound' }).getAttribute('aria-valuenow')),
    Number(await page.getByRole('slider', { name: 'Yellow lower bound' }).getAttribute('aria-valuenow')),
  ]);
  const churnBars = page.getByTestId('chart-churn-by-tier').locator('g.bar');
  await expect(churnBars).toHaveCount(3);
  const engineTiers = (await engineEvaluate(page, config, ['yellow', 'red'], asOf)).backtest.tiers;
  expect(await churnBars.evaluateAll((gs) => gs.map((g) => g.querySelector('text')!.textContent))).toEqual(
    engineTiers.map((t) => (t.churnRate === null ? '—' : `${(t.churnRate * 100).toFixed(1)} %`)),
  );
  await expect(page.getByTestId('ci-recall')).toContainText('95 % CI', { timeout: 30_000 });
  await expect(page.getByTestId('ci-recall')).not.toContainText('…');
  mkdirSync('tests/artifacts', { recursive: true });
  await page.screenshot({ path: 'tests/artifacts/calibration.png', fullPage: true });
  await test.info().attach('calibration', { path: 'tests/artifacts/calibration.png', contentType: 'image/png' });

  // 6. The other views of the same backtest.
  const engine = await engineEvaluate(page, config, ['yellow', 'red'], asOf);
  await page.getByRole('tab', { name: 'Curves & deciles' }).click();
  for (const id of ['chart-roc', 'chart-pr', 'chart-gains'])
    await expect(page.getByTestId(id).locator('.main-svg').first()).toBeVisible();
  await expect(page.getByTestId('decile-table').locator('tbody tr')).toHaveCount(10);
  await page.screenshot({ path: 'tests/artifacts/curves.png', fullPage: true });

  await page.getByRole('tab', { name: 'Segments' }).click();
  await expect(page.getByTestId('segment-row-Enterprise')).toBeVisible();
  await page.getByTestId('dimension-select').click();
  await page.getByRole('option', { name: 'Lifecycle' }).click();
  await expect(page.getByTestId('segment-row-Onboarding')).toBeVisible();
  await expect(page.getByTestId('target-share')).toContainText('judged groups');

  await page.getByRole('tab', { name: 'Capacity' }).click();
  await expect(page.getByTestId('capacity-recall')).toHaveAttribute(
    'data-value',
    String(engine.backtest.capacity.recallAtK),
  );
  await expect(page.getByTestId('capacity-k-for-target')).toHaveText(
    engine.backtest.capacity.kForTarget!.toLocaleString('en-US'),
  );
  // Month by month: the engine's per-month figures, in the view's words, and one bar per evaluation month.
  const words = capacityWords(engine.backtest.capacity, engine.backtest.cadence);
  expect(engine.backtest.capacity.byPeriod.map((p) => p.period)).toEqual(engine.backtest.periods);
  await expect(page.getByTestId('capacity-spread')).toHaveText(words.spread!);
  await expect(page.getByTestId('capacity-share')).toHaveText(words.share!);
  await expect(page.getByTestId('chart-capacity-by-period').locator('.bars .point')).toHaveCount(
    engine.backtest.periods.length,
  );
  await page.screenshot({ path: 'tests/artifacts/capacity.png', fullPage: true });

  // Alerts are computed when their view opens (the slider path leaves them out); then they equal the engine's.
  await page.getByRole('tab', { name: 'Alerts' }).click();
  const redAlert = engine.backtest.alerts!.find((a) => a.id === 'enter-red')!;
  await expect(page.getByTestId('alert-enter-red').locator('td').nth(2)).toHaveText(
    redAlert.alerts.toLocaleString('en-US'),
  );

  // 7. Apply the best-F1 cut point: the Yellow boundary moves to it and the engine agrees.
  await page.getByRole('tab', { name: 'Suggestions' }).click();
  const best = engine.backtest.suggestedCuts.find((c) => c.goal === 'max-f1')!;
  await expect(page.getByTestId('suggestion-max-f1').locator('td').nth(1)).toHaveText(String(best.threshold));
  await page.getByRole('tab', { name: 'Suggestions' }).click();
  await page.getByTestId('suggestion-max-f1').getByRole('button', { name: 'Apply' }).click();
  config = { ...config, tiers: setCutPoint(config.tiers, 0, best.threshold!) };
  await expect(page.getByTestId('cut-value-green')).toHaveText(String(config.tiers.tiers[0]!.min));
  await page.getByRole('tab', { name: 'Overview' }).click();
  expect(await shown(page, tierIds())).toEqual(expected(await engineEvaluate(page, config, ['yellow', 'red'], asOf)));

  // 8. Fit weights on earlier months, apply them, and see the overlap warning.
  await page.getByRole('tab', { name: 'Suggestions' }).click();
  await page.getByTestId('fit-weights').click();
  await expect(page.getByTestId('weight-suggestion')).toBeVisible({ timeout: 60_000 });
  const suggested = await page.getByTestId('suggested-weight-usage').textContent();
  await page.getByTestId('apply-weights').click();
  await expect(page.getByTestId('weight-value-usage')).toHaveText(suggested!);
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByTestId('backtest-warnings')).toContainText('were fitted on');
  await expect(settled(page)).toBeVisible();
  await page.screenshot({ path: 'tests/artifacts/after-fit.png', fullPage: true });

  expect(problems, problems.join('\n')).toEqual([]);
});

test('weekly snapshots and renewal outcomes, as the engine computes them', async ({ page }) => {
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  const defaults = (await (await page.request.post('/api/getDefaults', { data: {} })).json()) as Defaults;
  const tiers = defaults.config.tiers.tiers.map((t) => t.id);
  await page.getByTestId('cadence').getByText('Weekly').click();
  await expect(page.getByTestId('asof-select')).toHaveValue(/^Week ending /, { timeout: 60_000 });
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  const asOf = (await page.getByTestId('asof-select').inputValue()).replace('Week ending ', '');
  expect(new Date(`${asOf}T00:00:00Z`).getUTCDay()).toBe(0);
  const ask = async (outcome: 'churn' | 'renewal') => {
    const res = await page.request.post('/api/evaluate', {
      data: { config: defaults.config, backtest: { ...DEFAULT_BACKTEST, cadence: 'weekly', outcome }, asOf },
    });
    expect(res.ok()).toBe(true);
    return expected((await res.json()) as EvaluationResult);
  };
  const weekly = await shown(page, tiers);
  expect(weekly).toEqual(await ask('churn'));
  await page.getByTestId('outcome-source').getByText('Missed renewals').click();
  await expect(page.getByRole('heading', { name: /predicts a missed renewal within 90 days/ })).toBeVisible();
  await expect(settled(page)).toBeVisible();
  const renewal = await shown(page, tiers);
  expect(renewal).toEqual(await ask('renewal'));
  expect(renewal.confusion).not.toEqual(weekly.confusion);
  await page.screenshot({ path: 'tests/artifacts/weekly-renewals.png', fullPage: true });
});

test('scenarios: undo and redo, save, and compare side by side with tier migration', async ({ page }) => {
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  const usage = page.getByRole('slider', { name: 'Usage weight' });
  await usage.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('weight-value-usage')).toHaveText('33 %');
  await page.keyboard.press('Control+z'); // the three presses were one drag: one undo step
  await expect(page.getByTestId('weight-value-usage')).toHaveText('30 %');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('weight-value-usage')).toHaveText('33 %');

  await page.getByTestId('scenario-save').click();
  await page.getByTestId('scenario-name').fill('Usage 33');
  await page.getByTestId('scenario-name').press('Enter');
  await expect(page.getByTestId('scenario-select')).toHaveValue('Usage 33');
  await page.getByRole('slider', { name: 'Growth weight' }).focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect(settled(page)).toBeVisible();

  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByRole('combobox', { name: 'Scenarios', exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: 'Usage 33' }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-metrics')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('migration-matrix')).toBeVisible();
  const cells = page.locator('[data-testid^="migration-"][style*="pointer"]');
  expect(await cells.count()).toBeGreaterThan(0);
  await cells.first().click();
  await expect(page.getByTestId('movers').locator('tbody tr').first()).toContainText('points');
  await expect(page.getByTestId('config-diff')).toContainText('configuration.categories[4].weight');
  await page.screenshot({ path: 'tests/artifacts/compare.png', fullPage: true });

  // Import a broken file: every problem with its JSON path, nothing loaded.
  const before = await page.getByTestId('weight-value-usage').textContent();
  await page.locator('input[type="file"]').setInputFiles('tests/fixtures/configs/unknown-fields.json');
  await expect(page.getByTestId('import-problems')).toContainText('categories[0].colour');
  await expect(page.getByTestId('import-problems')).toContainText('owner');
  await expect(page.getByTestId('weight-value-usage')).toHaveText(before!);

  // Approve and export: the file carries the hash, the data fingerprint and the metrics on screen.
  await page.getByTestId('config-approve').click();
  await page.getByTestId('approver').fill('Dana Admin');
  // The default Red cut catches few churners on the sample data: approving needs the recorded acknowledgement.
  await expect(page.getByTestId('approve-confirm')).toBeDisabled();
  await page.getByTestId('approve-acknowledge').check();
  const download = page.waitForEvent('download');
  await page.getByTestId('approve-confirm').click();
  const file = await (await download).path();
  const approved = JSON.parse(readFileSync(file, 'utf8')) as {
    configSha256: string;
    approval: { approver: string };
    metrics: { recall: number | null };
    verdict: { acknowledgement: { by: string } | null };
  };
  expect(approved.configSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(approved.verdict.acknowledgement?.by).toBe('Dana Admin');
  expect(approved.approval.approver).toBe('Dana Admin');
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(settled(page)).toBeVisible();
  expect(approved.metrics.recall).toBe(Number(await page.getByTestId('metric-recall').getAttribute('data-value')));
});

test('switching to the four-tier preset and back to defaults', async ({ page }) => {
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('tier-preset').getByText('4 tiers').click();
  await expect(page.getByTestId('tier-count-critical')).toBeVisible();
  await expect(page.getByTestId('tier-count-healthy')).toBeVisible();
  await expect(settled(page)).toBeVisible();
  // Predict by a score threshold instead of by tier.
  await page.getByTestId('atrisk-mode').getByText('Score below…').click();
  await page.getByTestId('atrisk-below').fill('55');
  await page.getByTestId('atrisk-below').press('Tab');
  await expect(page.getByRole('heading', { name: /A score below 55 predicts churn/ })).toBeVisible();
  await expect(settled(page)).toBeVisible();
  const defaults = (await (await page.request.post('/api/getDefaults', { data: {} })).json()) as Defaults;
  const four = defaults.tierPresets.find((t) => t.id === 'four-tier')!;
  const dataset = (await (await page.request.post('/api/getDataset', { data: {} })).json()) as { periods: string[] };
  const res = await page.request.post('/api/evaluate', {
    data: {
      config: { ...defaults.config, tiers: four },
      backtest: { ...DEFAULT_BACKTEST, atRiskTiers: ['critical'], atRiskBelow: 55 },
      asOf: dataset.periods.at(-1),
    },
  });
  const engine = (await res.json()) as EvaluationResult;
  expect(Number(await page.getByTestId('metric-recall').getAttribute('data-value'))).toBe(
    engine.backtest.overall.recall,
  );
  expect(Number(await page.getByTestId('confusion-tp').getAttribute('data-value'))).toBe(
    engine.backtest.overall.confusion.tp,
  );
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('tier-count-green')).toBeVisible();
  await expect(page.getByTestId('weight-value-usage')).toHaveText('30 %');
});

test('accounts: lowest scores first, each explained, with real drops flagged', async ({ page }) => {
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Accounts' }).click();
  const table = page.getByTestId('accounts-table');
  await expect(table.locator('tbody tr').first()).toContainText('is pulling the score down');
  await expect(page.getByTestId('accounts-count')).toContainText('of 4,134');
  const first = table.locator('tbody tr').first();
  await first.click();
  await expect(page.getByText('Contributions add up to the score').first()).toBeVisible();
  await page.getByTestId('accounts-sort').getByText('Biggest drop').click();
  await expect(table.locator('tbody tr').first()).toContainText('▼');
  await table.locator('tbody tr').first().click();
  await expect(page.getByTestId('signal-movers').first()).toContainText('Since the previous snapshot:');
  await page.getByTestId('accounts-search').fill('ACC-00002');
  await expect(page.getByTestId('accounts-count')).toContainText('of 1');
  await page.screenshot({ path: 'tests/artifacts/accounts.png', fullPage: true });
});

test('CSM overrides: shown on the account, and the backtest with them equals the engine', async ({ page }) => {
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  const { defaults, asOf } = await engineStart(page);
  type Row = { accountId: string; override: { reason: string } | null };
  let withOverride: Row | undefined;
  for (let offset = 0; !withOverride && offset < 10_000; offset += 500) {
    const list = await page.request.post('/api/listAccounts', {
      data: {
        config: defaults.config,
        backtest: defaults.backtest,
        asOf,
        sort: 'score-asc',
        tierId: null,
        search: '',
        offset,
        limit: 500,
      },
    });
    const rows = ((await list.json()) as { rows: Row[] }).rows;
    if (rows.length === 0) break;
    withOverride = rows.find((r) => r.override !== null);
  }
  expect(withOverride, 'the sample data has overrides in force at the last month-end').toBeTruthy();

  await page.getByTestId('overrides-mode').getByText('With overrides').click();
  await expect(settled(page)).toBeVisible();
  await expectTierCountsAsEngine(page, defaults.config, { ...defaults.backtest, overrides: 'apply' }, asOf);

  await page.getByRole('tab', { name: 'Accounts' }).click();
  await page.getByTestId('accounts-search').fill(withOverride!.accountId);
  await expect(page.getByTestId('accounts-count')).toContainText('of 1');
  await page.getByTestId('override-badge').hover();
  await expect(page.getByText(withOverride!.override!.reason, { exact: false })).toBeVisible();
});

test('the engine API refuses a configuration that does not validate', async ({ request }) => {
  const defaults = (await (await request.post('/api/getDefaults', { data: {} })).json()) as Defaults;
  const bad = {
    ...defaults.config,
    categories: defaults.config.categories.map((c, i) => (i === 0 ? { ...c, weight: 27 } : c)),
  };
  const res = await request.post('/api/evaluate', {
    data: { config: bad, backtest: defaults.backtest, asOf: '2026-10-31' },
  });
  expect(res.status()).toBe(400);
  const body = (await res.json()) as { error: { issues: { path: string; message: string }[] } };
  expect(body.error.issues).toContainEqual({ path: 'config.categories', message: 'weights sum to 97, expected 100' });
});

test('editing a category: normalisation with a live preview, validated, applied as one undoable edit', async ({
  page,
}) => {
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  const { defaults, asOf } = await engineStart(page);
  await page.getByTestId('edit-category-usage').click();
  const editor = page.getByRole('dialog', { name: 'Edit Usage' });
  await expect(editor.getByTestId('preview-logins_trend')).toBeVisible();
  await expect(editor.getByText(/of \d[\d,]* accounts have a value at/).first()).toBeVisible();

  // A band list that does not validate is refused with its path, and nothing changes.
  await editor.getByLabel('Login trend normalisation').click();
  await page.getByRole('option', { name: 'Bands (value ranges → score)' }).click();
  await editor.getByLabel('Login trend band scores').fill('10, 50');
  await editor.getByLabel('Login trend band scores').blur();
  await editor.getByTestId('apply-category').click();
  await expect(editor.getByTestId('category-problems')).toContainText(
    'categories[0].signals[0].normalisation.scores: bands need exactly one more score than edges',
  );

  // Percentile rank within the segment: applied, and the screen equals the engine on the same configuration.
  await editor.getByLabel('Login trend normalisation').click();
  await page.getByRole('option', { name: 'Percentile rank' }).click();
  await expect(editor.getByText('Ranked among')).toBeVisible();
  await page.screenshot({ path: 'tests/artifacts/category-editor.png' });
  await editor.getByTestId('apply-category').click();
  await expect(editor).toBeHidden();
  await expect(settled(page)).toBeVisible();
  const config = structuredClone(defaults.config);
  config.categories[0]!.signals[0]!.normalisation = { kind: 'percentile', higherIsBetter: true, within: 'segment' };
  await expectTierCountsAsEngine(page, config, defaults.backtest, asOf);

  // One undo restores the default model.
  await page.keyboard.press('Control+z');
  await expectTierCountsAsEngine(page, defaults.config, defaults.backtest, asOf);
});

test('tiers: rename, playbook with response time, a fourth tier, matching the engine', async ({ page }) => {
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  const { defaults, asOf } = await engineStart(page);
  await page.getByTestId('edit-tiers').click();
  const editor = page.getByRole('dialog', { name: 'Tiers and playbooks' });
  await editor.getByLabel('Tier 3 name').fill('Critical');
  await editor.getByLabel('Critical response hours').fill('24');
  await editor.getByRole('button', { name: 'Add a tier' }).click();
  await editor.getByLabel('Tier 1 name').fill('Champion');
  await expect(editor.getByTestId('playbook-preview')).toContainText('Critical: Critical: intervention — within a day');
  await editor.getByTestId('apply-tiers').click();
  await expect(editor).toBeHidden();
  await expect(settled(page)).toBeVisible();
  await expect(page.getByText('Critical: intervention — within a day')).toBeVisible();
  const tiers = {
    id: 'custom',
    name: 'Custom tiers',
    tiers: [
      { id: 'new-tier', name: 'Champion', color: '#1c7ed6', min: 85 },
      ...defaults.config.tiers.tiers.map((t) => (t.id === 'red' ? { ...t, name: 'Critical', responseHours: 24 } : t)),
    ],
  };
  const r = await expectTierCountsAsEngine(page, { ...defaults.config, tiers }, defaults.backtest, asOf);
  expect(r.portfolio.tierCounts).toHaveLength(4);
});

test('missing-data policy: penalising silence matches the engine', async ({ page }) => {
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  const { defaults, asOf } = await engineStart(page);
  await page.getByTestId('missing-policy').getByText('Scores 0').click();
  await expect(settled(page)).toBeVisible();
  await expectTierCountsAsEngine(page, { ...defaults.config, missing: 'penalise' }, defaults.backtest, asOf);
  await page.getByRole('tab', { name: 'Accounts' }).click();
  await expect(page.getByTestId('accounts-table').locator('tbody tr').first()).toBeVisible();
});
