import { expect, test } from '@playwright/test';

const token = process.env.HSW_E2E_TOKEN!;

test('the app opens from the printed address alone and sends the key itself; without it the host shows nothing', async ({
  browser,
  baseURL,
}) => {
  // A context without the suite's Authorization header: only what the page itself sends.
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: {} });
  const page = await context.newPage();
  const refused: string[] = [];
  const unkeyed: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 401) refused.push(r.url());
  });
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/') && r.headers()['authorization'] !== `Bearer ${token}`)
      unkeyed.push(r.url());
  });

  await page.goto('/');
  await expect(page.getByText('needs the key the workbench printed')).toBeVisible();

  refused.length = 0;
  await page.goto(`/?token=${token}`);
  await expect(page.getByText('Health Score Workbench').first()).toBeVisible();
  // The data arrived: the tier cards count accounts.
  await expect(page.getByText(/accounts/i).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('tab').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(refused).toEqual([]);
  expect(unkeyed).toEqual([]);

  const bare = await context.request.post('/api/getDataset', { data: {} });
  expect(bare.status()).toBe(401);
  await context.close();
});
