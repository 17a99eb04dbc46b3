/**
 * The layer boundary, as the lint enforces it: engine/core runs in the Node engine and in the renderer's
 * Web Worker, so it imports no Node, DuckDB or host code; the renderer reaches the engine only through the
 * typed API. Linted through ESLint's Node API with the repo's own config.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The boundary errors for `code` as if it were the file at `filePath` (relative to the repo). */
async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result!.messages
    .filter((m) => m.ruleId === 'boundary/layer-imports' && m.severity === 2)
    .map((m) => m.message);
}

const CORE_SHARED = "engine/core is shared with the renderer's worker: no Node or DuckDB here";

describe('engine/core', () => {
  const file = 'engine/core/config/planted.ts';
  it('may not import Node builtins, with or without the node: prefix, statically or dynamically', async () => {
    expect(
      await boundaryErrors("import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n", file),
    ).toEqual([`'node:fs': ${CORE_SHARED}`]);
    expect(await boundaryErrors("import { join } from 'path';\nexport const j = join;\n", file)).toEqual([
      `'path': ${CORE_SHARED}`,
    ]);
    expect(await boundaryErrors("export const load = () => import('node:crypto');\n", file)).toEqual([
      `'node:crypto': ${CORE_SHARED}`,
    ]);
  });
  it('may not import DuckDB, the Excel reader or Electron', async () => {
    expect(await boundaryErrors("import '@duckdb/node-api';\n", file)).toEqual([`'@duckdb/node-api': ${CORE_SHARED}`]);
    expect(await boundaryErrors("export { default } from 'read-excel-file/node';\n", file)).toEqual([
      `'read-excel-file/node': ${CORE_SHARED}`,
    ]);
    expect(await boundaryErrors("import { app } from 'electron';\nexport const a = app;\n", file)).toEqual([
      `'electron': ${CORE_SHARED}`,
    ]);
  });
  it('may not reach into engine/node or a host, however the relative path is spelled', async () => {
    expect(await boundaryErrors("export * from '../../node/data/duckdb.js';\n", file)).toHaveLength(1);
    expect(await boundaryErrors("export * from '../../../renderer/format.js';\n", file)).toHaveLength(1);
    expect(await boundaryErrors("export * from '../../../cli/args.js';\n", file)).toHaveLength(1);
    expect(await boundaryErrors("export * from '../../node/service.js';\n", 'engine/core/planted.ts')).toEqual([]); // engine/core/node: still core
    expect(await boundaryErrors("export * from '../node/service.js';\n", 'engine/core/planted.ts')).toEqual([
      "'../node/service.js': engine/core may not depend on engine/node (the Node side); pass what it needs in as data",
    ]);
  });
  it('may import the rest of the core, and zod', async () => {
    expect(
      await boundaryErrors(
        "import { z } from 'zod';\nimport { DEFAULT_CONFIG } from '../model/defaults.js';\nexport const x = [z, DEFAULT_CONFIG];\n",
        file,
      ),
    ).toEqual([]);
  });
});

describe('renderer', () => {
  const file = 'renderer/components/Planted.tsx';
  const why = 'the renderer runs in a browser sandbox: reach the engine through the typed API (renderer/api)';
  it('may not import engine/node, Node builtins, DuckDB or Electron', async () => {
    expect(
      await boundaryErrors(
        "import { EngineService } from '../../engine/node/service.js';\nexport const s = EngineService;\n",
        file,
      ),
    ).toEqual([`'../../engine/node/service.js': ${why}`]);
    expect(
      await boundaryErrors("import 'node:fs';\nimport '@duckdb/node-api';\nimport 'electron';\n", file),
    ).toHaveLength(3);
  });
  it('may import engine/core', async () => {
    expect(
      await boundaryErrors(
        "import { DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';\nexport const c = DEFAULT_CONFIG;\n",
        file,
      ),
    ).toEqual([]);
  });
});

describe('electron', () => {
  it('may import engine/node, but not the other hosts', async () => {
    expect(
      await boundaryErrors(
        "import { EngineService } from '../engine/node/service.js';\nexport const s = EngineService;\n",
        'electron/planted.ts',
      ),
    ).toEqual([]);
    expect(await boundaryErrors("export * from '../web/httpHost.js';\n", 'electron/planted.ts')).toHaveLength(1);
  });
});

describe('the repository', () => {
  it('lints clean', async () => {
    const results = await eslint.lintFiles(['.']);
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath.slice(root.length + 1)}:${m.line}: ${m.message} (${m.ruleId})`),
    );
    expect(problems).toEqual([]);
  }, 120_000);
});
