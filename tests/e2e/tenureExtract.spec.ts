/**
 * A one-row-per-customer churn extract with tenure and no dates (tests/fixtures/exports/telco-churn)
 * through the UI: proposed as the accounts with tenure counted back from the export date (proposed from
 * the file's date, and said); once imported, every customer is scored once at the export date and the
 * verdict says first, as a serious finding, that measures and outcome share that date and what to add.
 */
import { expect, test } from '@playwright/test';
import { chooseExports, openApp, watchProblems } from '../support/e2e.js';
import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'exports', 'telco-churn', 'telco-customer-churn.csv');

test('a churn extract with tenure: mapped as accounts, starts from tenure, and its one moment is no point-in-time test', async ({
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
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('dataset-summary')).toContainText('40 accounts');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText(
    'Measures and outcome come from the same date (2024-03-31): the export is one moment, so this is no point-in-time test.',
    { timeout: 60_000 },
  );
  await expect(verdict).toContainText(
    'Add an export over time with the same account ids (product usage by day or event, or a score history with dates) and import again.',
  );
  await verdict.screenshot({ path: 'tests/artifacts/tenure-extract-one-moment.png' });
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.screenshot({ path: 'tests/artifacts/tenure-extract-overview.png' });
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.screenshot({ path: 'tests/artifacts/tenure-extract-data.png', fullPage: true });
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

test("the extract's own columns as a signal: kept at import, defined on the accounts as exported, read on screen", async ({
  page,
}) => {
  const problems = watchProblems(page);
  const file = join(mkdtempSync(join(tmpdir(), 'hsw-tenure-signal-')), 'telco-customer-churn.csv');
  copyFileSync(FIXTURE, file);
  const t = new Date(2024, 2, 31, 12, 0, 0);
  utimesSync(file, t, t);
  // From the file: a customer who pays by electronic check, and one who does not.
  const rows = readFileSync(FIXTURE, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const paysByCheck = rows.find((r) => r[10] === 'Electronic check')![0]!;
  const paysOtherwise = rows.find((r) => r[10] !== 'Electronic check')![0]!;

  await openApp(page);
  const dialog = await chooseExports(page, [file]);
  const card = dialog.getByTestId('file-card-telco-customer-churn.csv');
  await card.getByLabel('Columns of telco-customer-churn.csv to keep for custom signals').click();
  await page.getByRole('option', { name: 'PaymentMethod', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(card.getByLabel('Kind of PaymentMethod')).toHaveValue('Category (distinct count, filter)');
  await dialog.getByTestId('start-import').click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(page.locator('[data-testid="calibration"][data-settled="true"]')).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('edit-category-billing').click();
  const editor = page.getByRole('dialog', { name: 'Edit Billing' });
  await editor.getByTestId('define-signal').click();
  const form = editor.getByTestId('custom-signal-form');
  await form.getByTestId('custom-label').fill('Pays by electronic check');
  await form.getByTestId('custom-table').click();
  await page.getByRole('option', { name: 'Accounts (as exported)' }).click();
  // No window and nothing earlier to compare with: the value is the account's own, from the export date.
  await expect(form.getByTestId('custom-as-exported')).toBeVisible();
  await expect(form.getByTestId('custom-window-kind')).toHaveCount(0);
  await form.getByTestId('custom-where-column').click();
  await page.getByRole('option', { name: /payment_method/ }).click();
  await form.getByTestId('custom-where-values').fill('Electronic check');
  await expect(form.getByTestId('custom-sentence')).toHaveText(
    "1 when the account's payment_method is Electronic check, else 0, as exported",
  );
  await form.screenshot({ path: 'tests/artifacts/tenure-extract-signal-form.png' });
  await form.getByTestId('custom-where-values').press('Enter');
  await expect(editor.getByTestId('signal-card-custom.pays_by_electronic_check')).toBeVisible();
  await editor.getByTestId('apply-category').click();
  await expect(editor).toBeHidden();

  const id = 'custom.pays_by_electronic_check';
  await page.getByRole('tab', { name: 'Accounts' }).click();
  for (const [account, value] of [
    [paysByCheck, 1],
    [paysOtherwise, 0],
  ] as const) {
    await page.getByTestId('accounts-search').fill(account);
    await expect(page.getByTestId('accounts-count')).toContainText('of 1');
    await page.getByTestId(`account-${account}`).click();
    await expect(page.getByTestId(`account-signal-${id}`)).toContainText(`Pays by electronic check: ${value}`, {
      timeout: 60_000,
    });
    await page.getByTestId(`account-${account}`).click();
  }
  expect(problems).toEqual([]);
});
