/**
 * A three-file export whose usage has no account column (a CRM's accounts,
 * Chargebee subscriptions by customer id, product usage by subscription id)
 * loads through the dialog with no hand edits: the app proposes the relation
 * from the files' values, with its match rate, and the accounts are scored on
 * the usage that reaches them through their subscriptions.
 */
import { expect, test } from '@playwright/test';
import { chooseExports, openApp, watchProblems } from '../support/e2e.js';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'exports', 'saas-usage-by-subscription');
const FILES = ['salesforce-accounts.csv', 'chargebee-subscriptions.csv', 'product-usage-weekly.csv'];
/** Northwind 4: a plan and an add-on, so its usage arrives through two subscriptions. */
const TWO_SUBSCRIPTIONS = '001Dn00000004XyZ';

test('usage keyed by subscription is related, loaded and scored without a hand edit', async ({ page }) => {
  const problems = watchProblems(page);
  await openApp(page);

  const dialog = await chooseExports(
    page,
    FILES.map((f) => join(DIR, f)),
  );
  const card = (name: string) => dialog.getByTestId(`file-card-${name}`);

  // The usage file finds its account through the subscriptions' key, proposed with its match rate.
  const usage = card('product-usage-weekly.csv');
  await expect(usage.getByLabel('How product-usage-weekly.csv finds its account')).toHaveValue(
    'through chargebee-subscriptions.csv',
  );
  await expect(
    usage.getByLabel("Column of product-usage-weekly.csv holding chargebee-subscriptions.csv's key"),
  ).toHaveValue('Subscription ID');
  await expect(usage.getByLabel('Key column of chargebee-subscriptions.csv')).toHaveValue('subscription id');
  await expect(usage.getByTestId('relation-match')).toHaveText(
    '100 % of the sampled “Subscription ID” values are found in chargebee-subscriptions.csv (its “subscription id” column). Rows whose “Subscription ID” is not in chargebee-subscriptions.csv are rejected and listed with their line.',
  );
  await expect(card('salesforce-accounts.csv').getByTestId('entity-select')).toHaveValue('Accounts (CRM)');
  await expect(card('chargebee-subscriptions.csv').getByTestId('entity-select')).toHaveValue('Subscriptions (billing)');
  await expect(usage.getByTestId('entity-select')).toHaveValue('Product usage (daily aggregates)');
  await expect(dialog.getByTestId('import-blocker')).toBeHidden();
  await expect(dialog.getByTestId('start-import')).toBeEnabled();
  await usage.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'tests/artifacts/relations-mapping.png' });

  await dialog.getByTestId('start-import').click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('dataset-summary')).toContainText('40 accounts');
  // Every usage row reached an account: none rejected.
  const row = page.getByTestId('import-files').locator('tr', { hasText: 'product-usage-weekly.csv' }).locator('td');
  await expect(row.nth(4)).toHaveText('0');

  // Scored on that usage: the account's Usage category has a score, not "no data".
  await page.getByRole('tab', { name: 'Accounts' }).click();
  await page.getByTestId('accounts-search').fill(TWO_SUBSCRIPTIONS);
  const account = page.getByTestId(`account-${TWO_SUBSCRIPTIONS}`);
  await expect(account).toContainText('Northwind 4');
  await account.click();
  await expect(page.getByLabel('Usage score')).toBeVisible();
  // The search leaves this one account, so the table's breakdown is its own: "Usage 93 × 30 % = 28.0".
  const table = page.getByTestId('accounts-table');
  await expect(table).toContainText(/Usage\s*\d+ × 30 % = \d/);
  await expect(table).not.toContainText(/Usage\s*no data/);
  await page.screenshot({ path: 'tests/artifacts/relations-accounts.png' });
  expect(problems).toEqual([]);
});
