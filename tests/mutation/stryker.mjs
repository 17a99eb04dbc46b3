// npm run test:mutation [-- --mutate A.ts,B.ts] [-- --testFiles T.test.ts,...] [-- --concurrency N]
// StrykerJS 10 declares Node.js >= 22, and its package entry refuses older versions on import
// (stryker-cli.js checks process.version). The machines run Node.js 20, where the mutation run itself
// works; so this loads Stryker's runner module directly, past the check, with stryker.config.mjs and
// the few options the command line would take. On Node.js 22 `npx stryker run` does the same.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const core = dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json'));
const { Stryker } = await import(pathToFileURL(join(core, 'dist', 'src', 'stryker.js')).href);

const { values } = parseArgs({
  options: {
    mutate: { type: 'string' },
    testFiles: { type: 'string' },
    concurrency: { type: 'string' },
  },
});
const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const options = {
  configFile: 'stryker.config.mjs',
  ...(values.mutate ? { mutate: list(values.mutate) } : {}),
  ...(values.testFiles ? { testFiles: list(values.testFiles) } : {}),
  ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
};
const results = await new Stryker(options).runMutationTest();
const undetected = results.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
process.exitCode = 0;
console.log(`${results.length} mutants, ${undetected.length} not detected`);
