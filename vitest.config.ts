import { defineConfig } from 'vitest/config';

// Unit and engine tests run in Node; the browser tests under tests/e2e are Playwright's.
export default defineConfig({
  test: {
    root: '.',
    include: ['tests/**/*.test.ts', 'engine/**/*.test.ts', 'electron/**/*.test.ts', 'web/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A committed `.only` would silently skip the rest of the suite: fail the run instead, locally as on CI.
    allowOnly: false,
  },
});
