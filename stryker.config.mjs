// Mutation testing of the core (npm run test:mutation; not part of npm test: it runs the related
// tests once per mutant, far too slow for every change). docs/testing.md has the scores, every
// surviving mutant and how to measure one module at a time on a small machine.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Only the tests that import a mutated file (vitest --related), each mutant against the tests that cover it.
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'engine/core/scoring/**/*.ts',
    'engine/core/backtest/**/*.ts',
    'engine/core/model/**/*.ts',
    'engine/core/export/**/*.ts',
    // The Node side's import checks (sniffing, staging, parsing and checks, the issue log, data quality, planning).
    'engine/node/import/**/*.ts',
    'engine/node/workspace/**/*.ts',
  ],
  // The machine is small and shared: one test process. Raise it on a bigger one (--concurrency 4).
  concurrency: 1,
  timeoutMS: 60_000,
  tempDirName: '.cache/stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: [
    '.cache',
    'dist',
    'dist-cli',
    'dist-electron',
    'release',
    'test-results',
    'tests/artifacts',
    'bench',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: '.cache/stryker/mutation.html' },
  jsonReporter: { fileName: '.cache/stryker/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
};
