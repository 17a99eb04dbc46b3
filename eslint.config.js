// One lint for the repo: typescript-eslint's recommended rules (syntax only, so it stays fast) and the
// layer boundary: engine/core is shared by the Node engine and the renderer's Web Worker, so it must run
// in both; the renderer talks to the engine only through the typed API.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));
const NODE_BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]));
const isNodeBuiltin = (s) => s.startsWith('node:') || NODE_BUILTINS.has(s.split('/')[0]);

/**
 * Imports a layer may not make: `packages` by specifier (node builtins via `node: true`), `dirs` by where a
 * relative import lands, resolved against the importing file — which no-restricted-imports cannot do, and it
 * also misses `import()`. Options: { node?: message, packages?: [{ match: RegExp, message }], dirs?: [{ dir, message }] }.
 */
const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep each layer to the imports it may make' },
    schema: [{ type: 'object', additionalProperties: true }],
    messages: { forbidden: "'{{source}}': {{why}}" },
  },
  create(context) {
    const { node, packages = [], dirs = [] } = context.options[0] ?? {};
    const why = (source) => {
      if (source.startsWith('.')) {
        const target = relative(ROOT, resolve(dirname(context.filename), source))
          .split('\\')
          .join('/');
        return dirs.find((d) => target === d.dir || target.startsWith(`${d.dir}/`))?.message;
      }
      if (node && isNodeBuiltin(source)) return node;
      return packages.find((p) => p.match.test(source))?.message;
    };
    const check = (sourceNode) => {
      if (sourceNode?.type !== 'Literal' || typeof sourceNode.value !== 'string') return;
      const message = why(sourceNode.value);
      if (message)
        context.report({ node: sourceNode, messageId: 'forbidden', data: { source: sourceNode.value, why: message } });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
    };
  },
};

const CORE_SHARED = "engine/core is shared with the renderer's worker: no Node or DuckDB here";
const coreMayNotReach = (dir, what) => ({
  dir,
  message: `engine/core may not depend on ${what}; pass what it needs in as data`,
});
const RENDERER_IS_A_BROWSER =
  'the renderer runs in a browser sandbox: reach the engine through the typed API (renderer/api)';
const DUCKDB = { match: /^@duckdb\//, message: 'DuckDB lives in engine/node' };
const EXCEL = { match: /^read-excel-file(\/|$)/, message: 'file reading lives in engine/node' };
const ELECTRON = { match: /^electron(\/|$)/, message: 'Electron lives in electron/ only' };

export default defineConfig([
  globalIgnores([
    'dist*/**',
    'release/**',
    'node_modules/**',
    'test-results/**',
    'tests/artifacts/**',
    'playwright-report/**',
    '.cache/**',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { boundary: { rules: { 'layer-imports': layerImports } } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // `_`-prefixed names are deliberately unused (placeholders in destructuring and callbacks).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'all', caughtErrorsIgnorePattern: '^_' },
      ],
      // The code's terse style: `cond ? a++ : b++` and `x && f()` as statements.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    files: [
      'engine/node/**',
      'cli/**',
      'web/**',
      'electron/**',
      'tests/**',
      'scripts/**',
      'bench/**',
      'bin/**',
      'sample-data/**',
      '*.{js,ts,mjs}',
    ],
    languageOptions: { globals: globals.node },
  },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser, ...globals.worker } } },
  // Playwright specs hand callbacks to page.evaluate, which run in the page.
  { files: ['tests/e2e/**'], languageOptions: { globals: globals.browser } },
  {
    files: ['engine/core/**'],
    rules: {
      'boundary/layer-imports': [
        'error',
        {
          node: CORE_SHARED,
          packages: [
            { ...DUCKDB, message: CORE_SHARED },
            { ...EXCEL, message: CORE_SHARED },
            { ...ELECTRON, message: CORE_SHARED },
          ],
          dirs: [
            coreMayNotReach('engine/node', 'engine/node (the Node side)'),
            coreMayNotReach('renderer', 'the renderer'),
            coreMayNotReach('electron', 'the Electron host'),
            coreMayNotReach('web', 'the web host'),
            coreMayNotReach('cli', 'the CLI'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'boundary/layer-imports': [
        'error',
        {
          node: RENDERER_IS_A_BROWSER,
          packages: [
            { ...DUCKDB, message: RENDERER_IS_A_BROWSER },
            { ...ELECTRON, message: RENDERER_IS_A_BROWSER },
          ],
          dirs: ['engine/node', 'electron', 'web', 'cli'].map((dir) => ({ dir, message: RENDERER_IS_A_BROWSER })),
        },
      ],
    },
  },
  {
    // A thin host: windows, menus, dialogs, IPC over engine/node; data access stays in engine/node.
    files: ['electron/**'],
    rules: {
      'boundary/layer-imports': [
        'error',
        {
          packages: [DUCKDB, EXCEL],
          dirs: [
            { dir: 'web', message: 'the web host is a sibling host, not a dependency' },
            { dir: 'cli', message: 'the CLI is a sibling host, not a dependency' },
          ],
        },
      ],
    },
  },
]);
