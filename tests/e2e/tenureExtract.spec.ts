/**
 * A one-row-per-customer churn extract with tenure and no dates (tests/fixtures/exports/telco-churn)
 * through the UI: proposed as the accounts with tenure counted back from the export date (proposed from
 * the file's date, and said), and the import then says plainly that one moment cannot be backtested
 * and what to add, instead of a backtest of nothing.
 */
import { expect, test } from '@playwright/test';
import { chooseExports, openApp } from '../support/e2e.js';
import { copyFileSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'exports', 'telco-churn', 'telco-customer-churn.csv');

test('a churn extract with tenure: mapped as accounts, starts from tenure, and one moment is said to be no backtest', async ({
  page,
}) => {
  const file = join(mkdtempSync(join(tmpdir(), 'hsw-tenure-')), 'telco-customer-churn.csv');
  copyFileSync(FIXTURE, file);
  // Exported on 2024-03-31, in the local time zone: the day the proposal reads from the file.
  const t = new Date(2024, 2, 31, 12, 0, 0);
  utimesSync(file, t, t);
  await openApp(page);
  const dialog = await chooseExports(page, [file]);
  const card = dialog.getByTestId('file-card-telco-customer-churn.csv');
  await expect(card.getByTestId('entity-select')).toHaveValue('Accounts (CRM)');
  await expect(card.getByLabel('Account ID column', { exact: true })).toHaveValue('customerID');
  await expect(card.getByLabel('Plan column', { exact: true })).toHaveValue('Contract');
  await expect(card.getByLabel('Tenure in months (start = export date − tenure) column', { exact: true })).toHaveValue(
    'tenure',
  );
  await expect(card.getByLabel('MRR (× 12 is the ARR when no ARR column) column', { exact: true })).toHaveValue(
    'MonthlyCharges',
  );
  await expect(card.getByLabel('Churned (flag or status) column', { exact: true })).toHaveValue('Churn');
  await expect(card.getByLabel('Export date of telco-customer-churn.csv')).toHaveValue('2024-03-31');
  await expect(card.getByTestId('export-date-effect')).toContainText(
    'Each account started 2024-03-31 minus its "tenure" in whole months.',
  );
  await expect(card).toContainText('Signup dates come from "tenure": each account started the export date minus');
  await expect(card).toContainText('No ARR column: ARR = "MonthlyCharges" (MRR) × 12.');
  await card.screenshot({ path: 'tests/artifacts/tenure-extract-card.png' });
  const row = card.getByTestId('export-date-row');
  await row.scrollIntoViewIfNeeded();
  await row.screenshot({ path: 'tests/artifacts/tenure-extract-export-date.png' });

  await dialog.getByTestId('start-import').click();
  const error = dialog.getByTestId('import-error');
  await expect(error).toContainText(
    'telco-customer-churn.csv is one moment: 40 accounts, of which 10 had churned by the export date 2024-03-31.',
    { timeout: 60_000 },
  );
  await expect(error).toContainText(
    'To backtest, add an export over time with the same account ids: product usage (one row per account and day, or per event) or a score history',
  );
  await error.screenshot({ path: 'tests/artifacts/tenure-extract-one-moment.png' });
});

test('a tenure column without a churn flag: the export date is asked for the starts, proposed from the file', async ({
  page,
}) => {
  const file = join(mkdtempSync(join(tmpdir(), 'hsw-tenure-only-')), 'customers.csv');
  writeFileSync(
    file,
    'customerID,Contract,tenure,MonthlyCharges\n7590-VHVEG,Month-to-month,1,29.85\n5575-GNVDE,One year,34,56.95\n',
  );
  const t = new Date(2024, 4, 31, 12, 0, 0);
  utimesSync(file, t, t);
  await openApp(page);
  const dialog = await chooseExports(page, [file]);
  const card = dialog.getByTestId('file-card-customers.csv');
  await expect(card.getByTestId('entity-select')).toHaveValue('Accounts (CRM)');
  const row = card.getByTestId('export-date-row');
  await expect(row).toContainText('“tenure” says how many months each account has been a customer, not since when.');
  await expect(card.getByLabel('Export date of customers.csv')).toHaveValue('2024-05-31');
  await expect(card.getByTestId('export-date-source')).toHaveText(
    'proposed from the file’s modification date; change it if the export was made on another day, or map a start date column above.',
  );
  await expect(card.getByTestId('export-date-effect')).toHaveText(
    'Each account started 2024-05-31 minus its "tenure" in whole months.',
  );
  await row.scrollIntoViewIfNeeded();
  await row.screenshot({ path: 'tests/artifacts/tenure-only-export-date.png' });
  // Cleared, the import waits for one, and says what to do.
  await card.getByLabel('Export date of customers.csv').fill('');
  await expect(card.getByTestId('mapping-problem')).toHaveText(
    'column "tenure" counts months back from the export date, which is not given: give the export date (the day the file was exported), or clear the tenure column',
  );
  await expect(dialog.getByTestId('start-import')).toBeDisabled();
});
