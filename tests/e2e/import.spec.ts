/**
 * Loading a user's own exports through the UI: files with their own header
 * names and date format are recognised, mapped, loaded with a progress bar,
 * their accounts scored, every problem reported with its line, and the result
 * saved as a workspace.
 */
import { expect, test } from '@playwright/test';
import { filePicker, openApp, watchProblems } from '../support/e2e.js';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseDelimited } from '../../engine/core/import/csvHead.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'sample-data');
const ACCOUNTS = 400;

/** The sample data reshaped as a CRM and a product-analytics tool would export it, with a few planted problems. */
function userExports(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-user files é '));
  const accounts = parseDelimited(readFileSync(join(SAMPLE, 'accounts.csv'), 'utf8'), ',', '"', ACCOUNTS + 1).slice(1);
  const ids = new Set(accounts.map((r) => r[0]!));
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const us = (iso: string) => (iso ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : '');
  const churned = new Set(
    readFileSync(join(SAMPLE, 'churn.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]!),
  );
  const htmlAt = accounts.findIndex((r) => !churned.has(r[0]!)); // an account still active at the end
  const crm = ['Account ID,Account Name,Segment,Billing Region,Plan,Customer Since,ARR,Seats'];
  for (const [k, r] of accounts.entries()) {
    const [id, name, segment, , region, plan, , signup, , arr, seats] = r;
    // One active account's name is HTML; it must show as text.
    crm.push(
      [id!, k === htmlAt ? '<b>Bold</b> Industries' : name!, segment!, region!, plan!, us(signup!), arr!, seats!]
        .map(quote)
        .join(','),
    );
  }
  crm.push('ACC-00001,Duplicate row,SMB,NA,Starter,01/01/2024,1,1'); // duplicate id → rejected, listed
  const usageIn = gunzipSync(readFileSync(join(SAMPLE, 'usage_events.csv.gz')))
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1);
  const usage = [
    'customerID,Day,DAU,Sessions,Modules Touched,Key Actions,Time Spent,API Requests,Courses Completed,Community Posts',
  ];
  for (const l of usageIn) if (ids.has(l.slice(0, l.indexOf(',')))) usage.push(l);
  usage.push('ACC-99999,2026-01-05,1,1,1,1,1,1,0,0'); // unknown account → rejected, listed
  const churn = ['Customer Id,Cancelled At,Cancel Reason'];
  for (const l of readFileSync(join(SAMPLE, 'churn.csv'), 'utf8').trim().split('\n').slice(1))
    if (ids.has(l.split(',')[0]!)) churn.push(l);
  mkdirSync(dir, { recursive: true });
  const files = {
    'Salesforce accounts.csv': crm,
    'amplitude daily usage.csv': usage,
    'chargebee cancellations.csv': churn,
  };
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return Object.keys(files).map((f) => join(dir, f));
}

test('a user loads their own exports, sees them mapped, loaded, checked and scored, and saves a workspace', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await openApp(page);

  await page.getByTestId('open-import').click();
  const dialog = page.getByRole('dialog', { name: 'Load exports' });
  await expect(dialog.getByText('No files yet.')).toBeVisible();
  const exportsOfThisMonth = userExports();
  const fileInput = filePicker(dialog);
  await fileInput.setInputFiles(exportsOfThisMonth);

  // Each file recognised from its headers and name, with the date format it uses.
  const card = (name: string) => dialog.getByTestId(`file-card-${name}`);
  await expect(card('Salesforce accounts.csv').getByTestId('entity-select')).toHaveValue('Accounts (CRM)');
  await expect(card('amplitude daily usage.csv').getByTestId('entity-select')).toHaveValue(
    'Product usage (daily aggregates)',
  );
  await expect(card('chargebee cancellations.csv').getByTestId('entity-select')).toHaveValue('Churn outcomes');
  await expect(card('Salesforce accounts.csv').getByLabel('Start / signup date column')).toHaveValue('Customer Since');
  await expect(card('Salesforce accounts.csv').getByLabel('Date format of Customer Since')).toHaveValue('MM/DD/YYYY');
  await expect(card('amplitude daily usage.csv').getByLabel('Logins column')).toHaveValue('Sessions');
  // The usage file's feature column has no usual name: the user maps it by hand.
  await expect(card('amplitude daily usage.csv').getByLabel('Features used column')).toHaveValue('');
  await card('amplitude daily usage.csv').getByLabel('Features used column').click();
  await page.getByRole('option', { name: 'Modules Touched', exact: true }).click();
  await expect(card('amplitude daily usage.csv').getByLabel('Features used column')).toHaveValue('Modules Touched');
  await page.screenshot({ path: 'tests/artifacts/import-mapping.png' });

  await dialog.getByTestId('start-import').click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });

  // The new data is on screen: the Data tab with what happened to every file.
  await expect(page.getByTestId('dataset-summary')).toContainText(`${ACCOUNTS} accounts`);
  const files = page.getByTestId('import-files');
  await expect(files).toContainText('Salesforce accounts.csv');
  const cells = files.locator('tr', { hasText: 'Salesforce accounts.csv' }).locator('td');
  await expect(cells.nth(2)).toHaveText(String(ACCOUNTS + 1)); // rows read
  await expect(cells.nth(3)).toHaveText(String(ACCOUNTS)); // loaded
  await expect(cells.nth(4)).toHaveText('1'); // rejected: the duplicate
  const groups = page.getByTestId('issue-groups');
  await expect(groups).toContainText('duplicate account id (the first occurrence is kept)');
  await expect(groups).toContainText('account id not in the accounts export');
  await expect(groups.locator('tr', { hasText: 'duplicate account id' })).toContainText(`line ${ACCOUNTS + 2}`);
  await expect(page.getByTestId('signal-coverage')).toBeVisible();
  await page.screenshot({ path: 'tests/artifacts/import-data-tab.png', fullPage: true });

  // The report downloads as CSV with file, line, column, value and reason.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-issues').click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\n')[0]).toBe('file,line,column,value,reason,action');
  expect(csv).toContain(
    `Salesforce accounts.csv,${ACCOUNTS + 2},Account ID,ACC-00001,duplicate account id (the first occurrence is kept),row rejected`,
  );

  // Their accounts are scored; HTML in a name is shown as text.
  await page.getByRole('tab', { name: 'Accounts' }).click();
  await page.getByTestId('accounts-search').fill('Bold');
  await expect(page.getByText('<b>Bold</b> Industries')).toBeVisible();

  // Saved as a workspace, it appears in the recent list.
  await page.getByTestId('workspace-menu').click();
  await page.getByTestId('workspace-save-as').click();
  await page.getByTestId('workspace-name').fill('My portfolio, Nov');
  await page.getByTestId('workspace-save').click();
  await expect(page.getByTestId('workspace-menu')).toHaveText('Workspace: My portfolio, Nov');
  await page.getByTestId('workspace-menu').click();
  await expect(page.getByRole('menuitem', { name: /My portfolio, Nov.*400 accounts/ })).toBeVisible();
  await page.keyboard.press('Escape');

  // Next month: the same export shape takes the mapping last used, hand-made choices included, in one click.
  await page.getByTestId('open-import').click();
  await fileInput.setInputFiles(exportsOfThisMonth[1]!);
  await expect(card('amplitude daily usage.csv').getByLabel('Features used column')).toHaveValue('');
  await dialog.getByTestId('apply-last-mapping').click();
  await expect(card('amplitude daily usage.csv').getByLabel('Features used column')).toHaveValue('Modules Touched');
  expect(problems).toEqual([]);
});

test('a report-style export: rows above the header skipped and a typed date pattern, both previewed before import', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.locator('[data-testid="calibration"][data-settled="true"]')).toBeVisible();
  await page.getByTestId('open-import').click();
  const dialog = page.getByRole('dialog', { name: 'Load exports' });
  // A CRM report: a title and a generated-on line above the header, dates no listed format reads.
  const dir = mkdtempSync(join(tmpdir(), 'hsw-report-'));
  const file = join(dir, 'account report.csv');
  writeFileSync(
    file,
    'Account Health Report\nGenerated 2024-12-31 by ops\nAccount ID,Account Name,Created,ARR\nA-1,Acme,2024/15/03 (UTC),1200\nA-2,Globex,2024/01/11 (UTC),800\n',
  );
  await filePicker(dialog).setInputFiles(file);
  const card = dialog.getByTestId('file-card-account report.csv');
  const skip = card.getByLabel('Rows above the header in account report.csv');
  await skip.fill('2');
  await skip.press('Enter');
  await expect(card.getByLabel('Account ID column', { exact: true })).toHaveValue('Account ID');
  const pattern = card.getByLabel('Date pattern for every date column of account report.csv');
  await pattern.fill('%Y/%q');
  await pattern.press('Enter');
  await expect(card.getByText(/%q/).first()).toBeVisible(); // an unknown directive is named, not sent
  await pattern.fill('%Y/%d/%m (UTC)');
  await pattern.press('Enter');
  await card.getByLabel('Start / signup date column', { exact: true }).click();
  await page.getByRole('option', { name: 'Created', exact: true }).click();
  await expect(card.getByTestId('date-pattern-signup_date')).toHaveText(
    'pattern %Y/%d/%m (UTC): 2024/15/03 (UTC) → 2024-03-15',
  );
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'tests/artifacts/import-read-layout.png' });
});
