/**
 * A workspace on disk: what a save leaves in its folder, what an open gives
 * back, and what a save or an open that fails leaves behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../engine/node/data/duckdb.js';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import {
  openWorkspace,
  saveWorkspace,
  workspaceDir,
  WorkspaceBusyError,
  type SavedProject,
} from '../../engine/node/workspace/workspaceStore.js';
import { savedProject } from '../support/savedProject.js';

const saved = (accounts: number) =>
  savedProject({ accounts, savedAt: `2026-0${accounts}-01T00:00:00Z`, source: 'exports' });

async function withAccounts<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase();
  try {
    await db.conn.run(`CREATE TABLE accounts AS SELECT * FROM (VALUES ('A-1'), ('A-2')) t(account_id)`);
    return await work(db);
  } finally {
    db.close();
  }
}

const rows = async (db: Database, sql: string) => (await db.conn.runAndReadAll(sql)).getRowsJson();

describe('a saved workspace', () => {
  it('reopens with its project as saved, the tables saved, the export tables not saved empty, and no file attached', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-gen-'));
    const project: Omit<SavedProject, 'format' | 'version'> = {
      ...saved(2),
      name: 'Q3 review',
      fingerprint: { sha256: 'b'.repeat(64), tables: [{ name: 'accounts', rows: 2, sha256: 'c'.repeat(64) }] },
      files: [{ name: 'accounts', file: 'accounts.csv', rows: 2, sha256: 'd'.repeat(64) }],
      // One file per way an import counts its place in a file.
      imported: (['line', 'row', 'record'] as const).map((location, i) => ({
        label: `file-${i}`,
        entity: 'accounts',
        location,
        rowsRead: 3,
        rowsLoaded: 2,
        rowsRejected: 1,
        valuesChanged: 4,
        firstDate: '2026-01-01',
        lastDate: null,
      })),
      project: { mapping: null, scenarios: [{ name: 'Usage-heavy', config: { a: 1 }, backtest: { b: 2 } }] },
    };
    await withAccounts(async (db) => {
      await db.conn.run('CREATE TABLE import_issues AS SELECT 7 AS ord');
      await saveWorkspace(root, db, project);
    });
    const ws = await openWorkspace(root, 'Q3 review', 'my-engine');
    try {
      expect(ws.saved).toEqual({ format: 'health-score-workbench/workspace', version: 1, ...project });
      // import_issues was saved; export_dates was not and has no empty form; every export table has one, and
      // product_events (saved before it existed) opens empty.
      expect(
        await rows(ws.db, 'SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1'),
      ).toEqual(
        [
          'accounts',
          'churn',
          'import_issues',
          'invoices',
          'nps',
          'overrides',
          'product_events',
          'renewals',
          'score_history',
          'subscriptions',
          'tickets',
          'usage_events',
        ].map((t) => [t]),
      );
      expect(await rows(ws.db, 'SELECT account_id FROM accounts ORDER BY 1')).toEqual([['A-1'], ['A-2']]);
      expect(await rows(ws.db, 'SELECT ord FROM import_issues')).toEqual([[7]]);
      expect(await rows(ws.db, 'SELECT count(*)::INTEGER FROM score_history')).toEqual([[0]]);
      expect(
        await rows(ws.db, `SELECT column_name FROM duckdb_columns() WHERE table_name = 'score_history' ORDER BY 1`),
      ).toEqual([['account_id'], ['score'], ['score_date'], ['status']]);
      // The data is copied into memory: the generation's file is not held open for the next save to replace.
      expect(await rows(ws.db, 'SELECT database_name FROM duckdb_databases() WHERE NOT internal')).toEqual([
        ['memory'],
      ]);
      const lock = join(workspaceDir(root, 'Q3 review'), 'lock');
      expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ token: 'my-engine', pid: process.pid });
      ws.release();
      expect(existsSync(lock)).toBe(false);
    } finally {
      ws.db.close();
    }
  });

  it('keeps only the generation HEAD names: older generations and their leftovers go, other files stay', async () => {
    // The first save creates the folders it needs.
    const root = join(mkdtempSync(join(tmpdir(), 'hsw-gen-')), 'state', 'workspaces');
    const dir = workspaceDir(root, 'w');
    await withAccounts(async (db) => {
      await saveWorkspace(root, db, saved(1));
      await saveWorkspace(root, db, saved(2));
      expect(readdirSync(dir).sort()).toEqual(['HEAD', 'data-2.duckdb', 'project-2.json']);
      expect(readFileSync(join(dir, 'HEAD'), 'utf8')).toBe('2\n');
      for (const f of ['data-7.duckdb.wal', 'project-12.json', 'notes.txt', 'xdata-1.duckdb', 'data-1.duckdb.bak'])
        writeFileSync(join(dir, f), '');
      await saveWorkspace(root, db, saved(3));
    });
    expect(readdirSync(dir).sort()).toEqual([
      'HEAD',
      'data-1.duckdb.bak',
      'data-3.duckdb',
      'notes.txt',
      'project-3.json',
      'xdata-1.duckdb',
    ]);
    expect(readFileSync(join(dir, 'HEAD'), 'utf8')).toBe('3\n');
  });

  it('is not found when HEAD is missing or names no generation (0, negative, fractional, not a number)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-gen-'));
    await withAccounts((db) => saveWorkspace(root, db, saved(1)));
    const head = join(workspaceDir(root, 'w'), 'HEAD');
    for (const text of ['0\n', '-1\n', '1.5\n', 'one\n', null]) {
      if (text === null) rmSync(head);
      else writeFileSync(head, text);
      await expect(openWorkspace(root, 'w'), String(text)).rejects.toThrow(
        new Error('There is no saved workspace called “w”.'),
      );
    }
  });

  it('that cannot be opened leaves neither its lock nor a database spill folder behind', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-gen-'));
    await withAccounts((db) => saveWorkspace(root, db, saved(1)));
    const dir = workspaceDir(root, 'w');
    const project = readFileSync(join(dir, 'project-1.json'), 'utf8');
    writeFileSync(join(dir, 'project-1.json'), project.slice(0, 40));
    await expect(openWorkspace(root, 'w')).rejects.toThrow(SyntaxError);
    expect(existsSync(join(dir, 'lock'))).toBe(false);

    writeFileSync(join(dir, 'project-1.json'), project);
    writeFileSync(join(dir, 'data-1.duckdb'), 'not a database');
    // DuckDB spills under os.tmpdir(): point it at an empty folder for this open only.
    const spill = mkdtempSync(join(tmpdir(), 'hsw-spill-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = spill;
    try {
      await expect(openWorkspace(root, 'w')).rejects.toThrow();
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    expect(readdirSync(spill)).toEqual([]);
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });
});

describe('a save that stops after writing its project file', () => {
  it('fails, and the workspace reopens to the previous version', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-gen-'));
    await withAccounts(async (db) => {
      await saveWorkspace(root, db, saved(1));
      await expect(saveWorkspace(root, db, saved(2), 'after-project')).rejects.toThrow(
        new Error('simulated crash after writing the project'),
      );
    });
    expect(readFileSync(join(workspaceDir(root, 'w'), 'HEAD'), 'utf8')).toBe('1\n');
    const ws = await openWorkspace(root, 'w');
    ws.db.close();
    ws.release();
    expect(ws.saved.accounts).toBe(1);
  });
});

describe('a save that cannot take its save lock', () => {
  it('says why when it is not another window saving', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-gen-'));
    // A folder where the save lock goes: it cannot be removed as a stale lock file.
    mkdirSync(join(workspaceDir(root, 'w'), 'saving'), { recursive: true });
    const refused = withAccounts((db) => saveWorkspace(root, db, saved(1)));
    await expect(refused).rejects.toThrow(/directory/);
    await expect(refused).rejects.not.toBeInstanceOf(WorkspaceBusyError);
  });
});
