// Bundle the CLI into one ES module, dist-cli/health-workbench.mjs, so it runs on plain Node with the
// production dependencies only (no tsx). DuckDB stays external: it ships a native binding, found in
// node_modules at run time. Run by `npm run build:cli`, by `prepare` (so `npm install` builds it,
// also with --omit=dev), and by tests/cli.test.ts before it runs the CLI.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI_BUNDLE = `${root}dist-cli/health-workbench.mjs`;

export async function buildCli({ outfile = CLI_BUNDLE, logLevel = 'info' } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: ['cli/run.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel,
    external: ['@duckdb/*'],
    // Bundled CommonJS code calls require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __hswCreateRequire } from 'node:module'; const require = __hswCreateRequire(import.meta.url);",
    },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
