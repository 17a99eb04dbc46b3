import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../oracle/runOracle.js';

const settled = (page: Page) => page.locator('[data-testid="calibration"][data-settled="true"]');
const ROOT = join(import.meta.dirname, '..', '..');

interface CliFit {
  trainMonths: { from: string; to: string };
  testMonths: { from: string; to: string };
  current: { auc: number; atCut: { precision: number; recall: number } };
  fitted: { auc: number; atCut: { precision: number; recall: number } };
  heldOut: { verdict: string };
}

/** What `health-workbench suggest --json` prints for the sample data, the CLI as installed (bundle, plain Node). */
function cliSuggest(): CliFit {
  buildCli();
  const out = join(mkdtempSync(join(tmpdir(), 'hsw-scorecard-')), 'fitted.json');
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'health-workbench.mjs'), 'suggest', '--data', join(ROOT, 'sample-data'), '--out', out, '--json'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (r.status !== 0) throw new Error(`suggest exited ${r.status}:\n${r.stderr}`);
  expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('fittedOn');
  return JSON.parse(r.stdout) as CliFit;
}

const shownValue = async (page: Page, id: string) => Number(await page.getByTestId(id).getAttribute('data-value'));

test('the category editor’s signal cards share one insight request', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (r) => r.url().endsWith('/api/insight') && asked.push(r.url()));
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('edit-category-usage').click();
  const editor = page.getByRole('dialog', { name: 'Edit Usage' });
  const cards = editor.locator('[data-testid^="signal-power-"]');
  expect(await cards.count()).toBeGreaterThan(2);
  for (const card of await cards.all()) await expect(card).toContainText('Coverage');
  // Every card (and the Signals and Curves views behind them) read the one answer.
  expect(asked).toHaveLength(1);
});

test('fit a scorecard: the held-out figures the CLI prints, the guard’s verdict, saved as a scenario', async ({
  page,
}) => {
  mkdirSync('tests/artifacts', { recursive: true });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const cli = cliSuggest();
  await page.goto('/');
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });

  await page.getByRole('tab', { name: 'Suggestions' }).click();
  const card = page.getByTestId('scorecard-card');
  // Keyboard only: focus the button and press Enter.
  await card.getByTestId('fit-scorecard').focus();
  await page.keyboard.press('Enter');
  await expect(card.getByTestId('scorecard-progress')).toBeVisible();
  await expect(card.getByTestId('scorecard-result')).toBeVisible({ timeout: 60_000 });

  await expect(card.getByTestId('scorecard-periods')).toContainText(`${cli.trainMonths.from} – ${cli.trainMonths.to}`);
  await expect(card.getByTestId('scorecard-periods')).toContainText(`${cli.testMonths.from} – ${cli.testMonths.to}`);
  expect(await shownValue(page, 'scorecard-auc-fitted')).toBe(cli.fitted.auc);
  expect(await shownValue(page, 'scorecard-auc-current')).toBe(cli.current.auc);
  await expect(card.getByTestId('scorecard-auc-fitted')).toHaveText(cli.fitted.auc.toFixed(3));
  expect(await shownValue(page, 'scorecard-precision-fitted')).toBe(cli.fitted.atCut.precision);
  expect(await shownValue(page, 'scorecard-recall-current')).toBe(cli.current.atCut.recall);
  await expect(card.getByTestId('scorecard-verdict')).toHaveAttribute('data-verdict', cli.heldOut.verdict);
  await expect(card.getByTestId('scorecard-ignored')).toContainText('adds nothing to the other signals');
  // Clear of the sticky header, so the card's title shows.
  await card.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 90));
  await card.screenshot({ path: 'tests/artifacts/scorecard-card.png' });

  // Save it with the keyboard; load it; its backtest warns where the window overlaps the fitting months.
  const name = card.getByTestId('scorecard-scenario-name');
  await name.fill('Fitted scorecard');
  await name.press('Enter');
  await expect(card.getByTestId('scorecard-saved')).toContainText('Fitted scorecard');
  await page.getByTestId('scenario-select').click();
  await page.getByRole('option', { name: 'Fitted scorecard' }).click();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(settled(page)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('backtest-warnings')).toContainText(
    `fitted on ${cli.trainMonths.from} – ${cli.trainMonths.to}`,
  );
  expect(problems, problems.join('\n')).toEqual([]);
});
