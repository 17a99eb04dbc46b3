import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { processIdentity } from '../../engine/node/workspace/lock.js';
import {
  openWorkspace,
  saveWorkspace,
  workspaceDir,
  WorkspaceBusyError,
} from '../../engine/node/workspace/workspaceStore.js';
import { savedProject } from '../support/savedProject.js';

const db = await openDatabase();
await db.conn.run(`CREATE TABLE accounts AS SELECT 'A-1' AS account_id`);
afterAll(() => db.close());

const base = (accounts: number) => savedProject({ accounts, savedAt: `2026-01-0${accounts}T00:00:00Z` });

describe('saving one workspace several times at once', () => {
  it('keeps every save: overlapping saves run one after another and the last one is what reopens', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-saves-'));
    const saves = Array.from({ length: 8 }, (_, i) => saveWorkspace(root, db, base(i + 1)));
    const results = await Promise.allSettled(saves);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('fulfilled'));
    expect(readFileSync(join(workspaceDir(root, 'w'), 'HEAD'), 'utf8').trim()).toBe('8');
    const ws = await openWorkspace(root, 'w');
    expect(ws.saved.accounts).toBe(8);
    expect((await ws.db.conn.runAndReadAll('SELECT count(*)::INTEGER FROM accounts')).getRowsJson()).toEqual([[1]]);
    ws.db.close();
    ws.release();
  });

  it('a failed save does not stop the next one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-saves-'));
    const failing = saveWorkspace(root, db, base(1), 'after-data');
    const next = saveWorkspace(root, db, base(2));
    await expect(failing).rejects.toThrow(/simulated crash/);
    await expect(next).resolves.toBeUndefined();
    const ws = await openWorkspace(root, 'w');
    expect(ws.saved.accounts).toBe(2);
    ws.db.close();
    ws.release();
  });

  it('is refused with a sentence while another running process is saving it, and leaves its version alone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-saves-'));
    await saveWorkspace(root, db, base(1));
    // PID 1 always runs: a save lock in its name stands for another window mid-save.
    const other = {
      pid: 1,
      host: hostname(),
      at: new Date().toISOString(),
      token: 'x',
      started: processIdentity(1) ?? undefined,
    };
    writeFileSync(join(workspaceDir(root, 'w'), 'saving'), JSON.stringify(other));
    const refused = saveWorkspace(root, db, base(2));
    await expect(refused).rejects.toBeInstanceOf(WorkspaceBusyError);
    await expect(refused).rejects.toThrow(/being saved by another Health Score Workbench window\. Wait/);
    await expect(refused).rejects.toMatchObject({
      name: 'WorkspaceBusyError',
      workspace: 'w',
      message:
        '“w” is being saved by another Health Score Workbench window. Wait for that save to finish, then save again.',
    });
    const ws = await openWorkspace(root, 'w');
    expect(ws.saved.accounts).toBe(1);
    ws.db.close();
    ws.release();
  });
});
