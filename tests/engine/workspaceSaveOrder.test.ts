/**
 * Why an interrupted save loses nothing, step by step: the new generation's
 * data is flushed to disk before its project file is written, the project
 * before HEAD moves, and the old generation is still there when HEAD moves.
 * The flushes themselves are recorded here (a power cut cannot be staged).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { savedProject } from '../support/savedProject.js';

const steps = vi.hoisted(() => [] as string[]);

vi.mock('../../engine/node/workspace/atomicFile.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../engine/node/workspace/atomicFile.js')>();
  const { basename: name, dirname } = await import('node:path');
  const { readdirSync: list } = await import('node:fs');
  return {
    fsyncPath: (path: string) => {
      steps.push(`flush ${name(path)}`);
      real.fsyncPath(path);
    },
    writeFileAtomic: (path: string, data: string) => {
      steps.push(`write ${name(path)} beside ${list(dirname(path)).sort().join(' ')}`);
      real.writeFileAtomic(path, data);
    },
  };
});

const { openDatabase } = await import('../../engine/node/data/duckdb.js');
const { saveWorkspace, workspaceDir } = await import('../../engine/node/workspace/workspaceStore.js');

const saved = (accounts: number) => savedProject({ accounts, savedAt: `2026-0${accounts}-01T00:00:00Z` });

describe('the steps of a save', () => {
  it('flush the data, write the project, then move HEAD, with the previous generation kept until then', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-order-'));
    const db = await openDatabase();
    try {
      await db.conn.run(`CREATE TABLE accounts AS SELECT 'A-1' AS account_id`);
      await saveWorkspace(root, db, saved(1));
      steps.length = 0;
      await saveWorkspace(root, db, saved(2));
    } finally {
      db.close();
    }
    // `saving` is the save lock, held throughout.
    expect(steps).toEqual([
      'flush data-2.duckdb',
      'write project-2.json beside HEAD data-1.duckdb data-2.duckdb project-1.json saving',
      'write HEAD beside HEAD data-1.duckdb data-2.duckdb project-1.json project-2.json saving',
    ]);
    expect(readdirSync(workspaceDir(root, 'w'))).not.toContain('saving');
  });
});
