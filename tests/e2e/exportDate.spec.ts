/**
 * The export date through the UI: a churn extract without a churn date gets the file's modification
 * date proposed (and says so, and what it does), the import waits for a date the user clears, and after
 * the import the Data tab says how many accounts it dated and how the score history covers the snapshots.
 */
import { expect, test, type Page } from '@playwright/test';
import { filePicker } from '../support/e2e.js';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Written in the local time zone, so the proposed day is this day wherever the test runs. */
function exportedOn(file: string, y: number, m: number, d: number) {
  const t = new Date(y, m - 1, d, 12, 0, 0);
  utimesSync(file, t, t);
}

async function openImport(page: Page) {
  await page.goto('/');
  await expect(page.locator('[data-testid="calibration"][data-settled="true"]')).toBeVisible();
  await page.getByTestId('open-import').click();
  return page.getByRole('dialog', { name: 'Load exports' });
}

test('a churn flag without a date column: the export date is proposed from the file, said so, and can be changed', async ({
  page,
}) => {
  const dialog = await openImport(page);
  // A one-row-per-customer extract: who churned, not when.
  const dir = mkdtempSync(join(tmpdir(), 'hsw-churn-flag-'));
  const file = join(dir, 'customers churn extract.csv');
  writeFileSync(
    file,
    'Customer ID,Company Name,Plan,Churn,Last Login\nC-001,Acme,Pro,No,2024-12-30\nC-002,Globex,Basic,Yes,2024-03-02\nC-003,Initech,Pro,yes,2024-07-19\n',
  );
  exportedOn(file, 2024, 12, 14);
  await filePicker(dialog).setInputFiles(file);
  const card = dialog.getByTestId('file-card-customers churn extract.csv');
  await expect(card.getByLabel('Churned (flag or status) column')).toHaveValue('Churn');
  const date = card.getByLabel('Export date of customers churn extract.csv');
  await expect(date).toHaveValue('2024-12-14');
  await expect(card.getByTestId('export-date-source')).toHaveText(
    'proposed from the file’s modification date; change it if the export was made on another day, or map a churn date column above.',
  );
  await expect(card.getByTestId('export-date-effect')).toHaveText(
    'Accounts flagged as churned are dated 2024-12-14: their churn is counted in the month ending 2024-12-31, and accounts flagged close to it have had less time to be seen churning, so churn in the last months is under-counted.',
  );
  await expect(card.getByTestId('mapping-problem')).toBeHidden();
  await expect(dialog.getByTestId('start-import')).toBeEnabled();
  const row = card.getByTestId('export-date-row');
  await row.scrollIntoViewIfNeeded();
  await row.screenshot({ path: 'tests/artifacts/export-date-card.png' });

  // Cleared, the import waits for one; typed, it is the user's.
  await date.fill('');
  await expect(card.getByTestId('mapping-problem')).toHaveText(
    'column "Churn" says which accounts churned but not when: map a churn date column or give the export date',
  );
  await expect(dialog.getByTestId('start-import')).toBeDisabled();
  await date.fill('2024-11-30');
  await expect(card.getByTestId('export-date-source')).toHaveText(
    'the day the file was exported; or map a churn date column above.',
  );
  await expect(card.getByTestId('export-date-effect')).toContainText('are dated 2024-11-30');
  await expect(dialog.getByTestId('start-import')).toBeEnabled();
  // Mapping a date column of the rows instead (their last login) takes the date input away.
  await card.getByLabel('Churn date (of the churned flag) column').click();
  await page.getByRole('option', { name: 'Last Login', exact: true }).click();
  await expect(card.getByTestId('export-date-row')).toBeHidden();
});

test('after the import the Data tab says how many accounts the export date dated, and how the score history covers the snapshots', async ({
  page,
}) => {
  const dialog = await openImport(page);
  const dir = mkdtempSync(join(tmpdir(), 'hsw-export-date-'));
  // A HubSpot companies export with a churn flag, and a ChurnZero-style monthly score history.
  const accounts = join(dir, 'hubspot companies.csv');
  writeFileSync(
    accounts,
    [
      'Company ID,Company Name,Create Date,Churned',
      'HS-1,Acme,2023-01-10,No',
      'HS-2,Globex,2023-02-10,Yes',
      'HS-3,Initech,2023-03-10,No',
      'HS-4,Umbrella,2023-04-10,Yes',
    ].join('\n'),
  );
  exportedOn(accounts, 2024, 12, 31);
  const scores = join(dir, 'churnzero health history.csv');
  const months = ['2024-07-31', '2024-08-31', '2024-09-30', '2024-10-31', '2024-11-30', '2024-12-31'];
  const rows = ['Company ID,Date,Health Score'];
  for (const [k, d] of months.entries()) {
    rows.push(`HS-1,${d},80`, `HS-2,${d},30`);
    if (k < 3) rows.push(`HS-3,${d},60`); // HS-3 stopped being scored after September
  }
  writeFileSync(scores, rows.join('\n'));
  await filePicker(dialog).setInputFiles([accounts, scores]);
  const card = (name: string) => dialog.getByTestId(`file-card-${name}`);
  await expect(card('hubspot companies.csv').getByTestId('entity-select')).toHaveValue('Accounts (CRM)');
  await expect(card('hubspot companies.csv').getByLabel('Export date of hubspot companies.csv')).toHaveValue(
    '2024-12-31',
  );
  await expect(card('churnzero health history.csv').getByTestId('export-date-row')).toBeHidden();
  await dialog.getByTestId('start-import').click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });

  const dated = page.getByTestId('dq-export-dated');
  await expect(dated).toContainText(
    '2 accounts of hubspot companies.csv were flagged as churned with no churn date and are dated at the export date 2024-12-31',
  );
  await expect(dated).toContainText('Churn close to the export date is under-counted');
  const history = page.getByTestId('dq-score-history');
  // By hand: 6 month-ends; 4 accounts at each but the last, where HS-2 and HS-4 have churned (22 snapshots).
  // In force: HS-1 at all 6, HS-2 at its 5, HS-3 July–October (October's is 31 days old; November's 61) = 15.
  await expect(history).toContainText('15 scores of 3 accounts, dated 2024-07-31 to 2024-12-31.');
  await expect(page.getByTestId('dq-score-latest')).toHaveText(
    'At the latest snapshot (2024-12-31), 1 of the 2 accounts there has a score in force; 1 has none, so no current-score tier.',
  );
  await expect(page.getByTestId('dq-score-snapshots')).toHaveText(
    '15 of 22 account snapshots (68.2 %) have a score in force: Compare judges your current score on those only.',
  );
  await dated.screenshot({ path: 'tests/artifacts/export-date-data-tab.png' });
  await history.screenshot({ path: 'tests/artifacts/score-history-data-tab.png' });
  await page.screenshot({ path: 'tests/artifacts/export-date-data-tab-full.png', fullPage: true });
});
