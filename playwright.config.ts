import { defineConfig } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Overridable so two checkouts can run their specs side by side.
const PORT = Number(process.env.HSW_E2E_PORT ?? 4173);
// Workspaces and uploads of this run only: a user's ~/.health-score-workbench is never touched.
const STATE = join(tmpdir(), `hsw-e2e-${process.pid}`);
// The host's key for this run. Set once in the runner's environment, so its workers (which load this
// file again) see the same one. Tests send it as a header; tests/e2e/localKey.spec.ts opens the app the
// way a user does, from the printed address, with no header.
process.env.HSW_E2E_TOKEN ??= randomBytes(24).toString('base64url');
export const E2E_TOKEN = process.env.HSW_E2E_TOKEN;

// One host serves the whole run, so a spec that loads other exports changes the data for every spec after it.
// Those run as a second project, after every spec that reads the sample data the host starts on. Running one
// of them alone: `npx playwright test --no-deps tests/e2e/import.spec.ts`.
const LOADS_OTHER_DATA = /\/(exportDate|extraColumns|import|noOutcome|relations|tenureExtract)\.spec\.ts$/;

// Debian's Chromium, never a downloaded browser; the flags keep it from
// reaching for the network this machine does not have.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  retries: 0,
  // A committed `.only` would silently skip the other specs: fail the run, locally as on CI.
  forbidOnly: true,
  workers: 1,
  reporter: [['list']],
  projects: [
    { name: 'sample data', testIgnore: LOADS_OTHER_DATA },
    { name: 'other exports', testMatch: LOADS_OTHER_DATA, dependencies: ['sample data'] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 1000 },
    extraHTTPHeaders: { Authorization: `Bearer ${E2E_TOKEN}` },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `npx tsx web/server.ts --port ${PORT} --state ${STATE}`,
    env: { HSW_TOKEN: E2E_TOKEN },
    url: `http://127.0.0.1:${PORT}/?token=${E2E_TOKEN}`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
});
