/**
 * Extra columns on the mapping screen: a Mixpanel export (events through the people table) whose
 * event properties plan_tier and duration_ms no field reads. The user keeps both; their kinds are
 * proposed from the sampled values (a category, and a number despite its typos), the saved mapping
 * carries them (version 3), and after the import the typos in duration_ms are in the issue log at
 * their lines.
 */
import { expect, test } from '@playwright/test';
import { chooseExports, openApp, watchProblems } from '../support/e2e.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'exports', 'mixpanel-properties');
const FILES = ['accounts.csv', 'churned-accounts.csv', 'mixpanel-events.csv', 'mixpanel-users.csv'];

test('event properties are kept for custom signals, typed, saved with the mapping and checked at import', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await openApp(page);

  const dialog = await chooseExports(
    page,
    FILES.map((f) => join(DIR, f)),
  );
  const events = dialog.getByTestId('file-card-mixpanel-events.csv');
  await expect(events.getByLabel('How mixpanel-events.csv finds its account')).toHaveValue(
    'through mixpanel-users.csv',
  );

  // An accounts list with dated rows of its own: its columns would only be known from an export date, so none is offered.
  await expect(dialog.getByTestId('file-card-accounts.csv').getByTestId('extra-columns')).toHaveCount(0);
  const keep = events.getByLabel('Columns of mixpanel-events.csv to keep for custom signals');
  await keep.click();
  await page.getByRole('option', { name: 'plan_tier', exact: true }).click();
  await page.getByRole('option', { name: 'duration_ms', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(events.getByLabel('Kind of plan_tier')).toHaveValue('Category (distinct count, filter)');
  await expect(events.getByLabel('Kind of duration_ms')).toHaveValue('Number (sum, mean, min, max)');
  await expect(events.getByTestId('extra-name-plan_tier')).toHaveText('x_plan_tier');
  await expect(events.getByTestId('extra-name-duration_ms')).toHaveText('x_duration_ms');
  await events.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'tests/artifacts/extra-columns-mapping.png' });

  // The saved mapping keeps them, as version 3.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Save this mapping…' }).click(),
  ]);
  const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    version: number;
    files: { name: string; mapping: { extras?: unknown } }[];
  };
  expect(saved.version).toBe(3);
  expect(saved.files.find((f) => f.name === 'mixpanel-events.csv')?.mapping.extras).toEqual([
    { column: 'plan_tier', name: 'plan_tier', kind: 'category' },
    { column: 'duration_ms', name: 'duration_ms', kind: 'number' },
  ]);

  await expect(dialog.getByTestId('start-import')).toBeEnabled();
  await dialog.getByTestId('start-import').click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('dataset-summary')).toContainText('3 accounts');
  const cells = page.getByTestId('import-files').locator('tr', { hasText: 'mixpanel-events.csv' }).locator('td');
  await expect(cells.nth(2)).toHaveText('37'); // rows read
  await expect(cells.nth(3)).toHaveText('37'); // loaded: a bad property value never drops its event
  const groups = page.getByTestId('issue-groups');
  await expect(groups.locator('tr', { hasText: 'not a number' })).toContainText('duration_ms');
  await expect(groups.locator('tr', { hasText: 'not a number' })).toContainText('line 20');
  await expect(groups.locator('tr', { hasText: 'thousands separators removed' })).toContainText('line 21');
  expect(problems).toEqual([]);
});
