/** What the end-to-end specs do the same way: watch for errors, open the app, choose export files. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Console errors and uncaught page errors while a spec runs; the spec ends expecting none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

/** The app opened on whatever the host holds, its first recompute settled. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.locator('[data-testid="calibration"][data-settled="true"]')).toBeVisible();
}

/** The file picker of the "Load exports" dialog (the folder picker is another input). */
export const filePicker = (dialog: Locator): Locator =>
  dialog.locator('input[type=file][multiple]:not([data-testid="folder-input"])');

/** "Load exports…" opened and the files chosen as a user picks them; the dialog. */
export async function chooseExports(page: Page, files: readonly string[]): Promise<Locator> {
  await page.getByTestId('open-import').click();
  const dialog = page.getByRole('dialog', { name: 'Load exports' });
  await filePicker(dialog).setInputFiles([...files]);
  return dialog;
}
