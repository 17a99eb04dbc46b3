/**
 * A save killed at any moment (SIGKILL: no exception handler, no cleanup)
 * leaves a workspace that reopens to the previous version, intact.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { openWorkspace, saveWorkspace } from '../../engine/node/workspace/workspaceStore.js';
import { savedProject } from '../support/savedProject.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(ROOT, 'tests', 'support', 'saveUntilKilled.ts');

/** Runs the child save until it reports opening `stopAt`, then kills it with SIGKILL; resolves with what it printed. */
function killDuringSave(root: string, stopAt: string): Promise<{ out: string; signal: NodeJS.Signals | null }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, root, stopAt], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('writing ')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') fail(new Error(`child ended with code ${code} before it was killed: ${out}${err}`));
      else ok({ out, signal });
    });
  });
}

describe('crash-safe saves', () => {
  for (const stopAt of ['project-2', 'HEAD']) {
    it(`reopen the previous version intact after a save is killed while writing ${stopAt}`, async () => {
      const root = mkdtempSync(join(tmpdir(), 'hsw-kill-'));
      const db = await openDatabase();
      await db.conn.run(`CREATE TABLE accounts AS SELECT 'A-1' AS account_id`);
      await saveWorkspace(root, db, savedProject({ source: 'first' }));
      db.close();

      const { out } = await killDuringSave(root, stopAt);
      expect(out).toContain(`writing ${stopAt}`);
      // The second version's data file was complete before the kill: the save really was under way.
      expect(readdirSync(join(root, 'w.hsw'))).toContain('data-2.duckdb');

      const ws = await openWorkspace(root, 'w');
      try {
        expect(ws.saved).toMatchObject({ source: 'first', accounts: 1, savedAt: '2026-01-01T00:00:00Z' });
        expect((await ws.db.conn.runAndReadAll('SELECT account_id FROM accounts ORDER BY 1')).getRowsJson()).toEqual([
          ['A-1'],
        ]);
      } finally {
        ws.db.close();
        ws.release();
      }
    }, 40_000);
  }
});
