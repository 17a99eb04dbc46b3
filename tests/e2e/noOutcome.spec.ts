/**
 * An import with no outcome (no churn file, no churned column, no missed renewal)
 * loads, but the Data tab says at once that the backtest has nothing to judge the
 * score against, and what to map; with the sample's churn export it says nothing.
 */
import { expect, test } from '@playwright/test';
import { filePicker, openApp, watchProblems } from '../support/e2e.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const SAMPLE = join(import.meta.dirname, '..', '..', 'sample-data');
const ACCOUNTS = 200;

/** The sample's first accounts and their daily usage: a CRM list and a product-analytics export, no outcome file. */
function exportsWithoutOutcome(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-no-outcome-'));
  const accounts = readFileSync(join(SAMPLE, 'accounts.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(0, ACCOUNTS + 1);
  const ids = new Set(accounts.slice(1).map((l) => l.slice(0, l.indexOf(','))));
  const usage = gunzipSync(readFileSync(join(SAMPLE, 'usage_events.csv.gz')))
    .toString('utf8')
    .trim()
    .split('\n');
  const kept = [usage[0]!, ...usage.slice(1).filter((l) => ids.has(l.slice(0, l.indexOf(','))))];
  const files = { 'accounts.csv': accounts, 'usage_events.csv': kept };
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return Object.keys(files).map((f) => join(dir, f));
}

test('an import without any outcome is loaded, and the Data tab says what to map before any backtest', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await openApp(page);
  await page.getByRole('tab', { name: 'Data' }).click();
  await expect(page.getByTestId('data-view')).toBeVisible();
  // The sample has a churn export: no warning.
  await expect(page.getByTestId('dq-no-outcome')).toHaveCount(0);

  await page.getByTestId('open-import').click();
  const dialog = page.getByRole('dialog', { name: 'Load exports' });
  await filePicker(dialog).setInputFiles(exportsWithoutOutcome());
  await dialog.getByTestId('start-import').click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });

  await expect(page.getByTestId('dataset-summary')).toContainText(`${ACCOUNTS} accounts`);
  await page.getByRole('tab', { name: 'Data' }).click();
  const warning = page.getByTestId('dq-no-outcome');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('No outcome to test the score against');
  await expect(warning).toContainText('Map a churn file or a churned yes/no column');
  await page.screenshot({ path: 'tests/artifacts/no-outcome-data-tab.png' });
  expect(problems).toEqual([]);
});
