/**
 * Workspaces on disk: `<root>/<name>.hsw/` holds generations of the data
 * (`data-N.duckdb`) and the project (`project-N.json`: mappings, scenarios,
 * what was imported), and `HEAD` naming the current generation. Saving writes
 * a new generation completely, then moves HEAD in one atomic rename, so an
 * interrupted save leaves the previous version intact.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Database } from '../data/duckdb.js';
import { openDatabase, sqlString } from '../data/duckdb.js';
import { createEmptyTable, EXPORT_TABLES } from '../data/exportTables.js';
import { ISSUES_TABLE } from '../import/issues.js';
import { EXPORT_DATES_TABLE } from '../import/exportDates.js';
import { PRODUCT_EVENTS_TABLE, ensureProductEventsTable } from '../import/productEvents.js';
import { DataFingerprintSchema } from '../../core/api/schema.js';
import { ProjectStateSchema, WorkspaceNameSchema } from '../../core/api/importSchema.js';
import { fsyncPath, writeFileAtomic } from './atomicFile.js';
import { acquireLock, WorkspaceLockedError } from './lock.js';

export const ImportedFileSchema = z.object({
  label: z.string(),
  entity: z.string(),
  location: z.enum(['line', 'row', 'record']),
  rowsRead: z.number(),
  rowsLoaded: z.number(),
  rowsRejected: z.number(),
  valuesChanged: z.number(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
});

export const SavedProjectSchema = z.object({
  format: z.literal('health-score-workbench/workspace'),
  version: z.literal(1),
  name: z.string(),
  savedAt: z.string(),
  source: z.string(),
  accounts: z.number(),
  fingerprint: DataFingerprintSchema,
  files: z.array(z.object({ name: z.string(), file: z.string(), rows: z.number(), sha256: z.string() })),
  imported: z.array(ImportedFileSchema),
  project: ProjectStateSchema,
});
export type SavedProject = z.infer<typeof SavedProjectSchema>;

/**
 * The tables a workspace holds: the export dates too (a one-moment export reopens scored at its date), and
 * events kept one row each. A function, not a module constant, so that mutation testing can switch its
 * mutants per test.
 */
function workspaceTables(): string[] {
  return [...EXPORT_TABLES.map((t) => t.name), ISSUES_TABLE, EXPORT_DATES_TABLE, PRODUCT_EVENTS_TABLE];
}

export function workspaceDir(root: string, name: string): string {
  return join(root, `${WorkspaceNameSchema.parse(name)}.hsw`);
}

function head(dir: string): number | null {
  try {
    const n = Number(readFileSync(join(dir, 'HEAD'), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/** Test hook: throw at a named point of a save to prove an interrupted save loses nothing. */
export type SaveFault = 'after-data' | 'after-project' | null;

/**
 * Saves in this process, one after another. Two saves that overlapped (a double
 * click on Save) read the same HEAD, wrote the same generation through one
 * attached file and both failed, leaving no workspace; queued, the second
 * simply writes the next generation.
 */
let saving: Promise<unknown> = Promise.resolve();

export class WorkspaceBusyError extends Error {
  constructor(readonly workspace: string) {
    super(
      `“${workspace}” is being saved by another Health Score Workbench window. Wait for that save to finish, then save again.`,
    );
    this.name = 'WorkspaceBusyError';
  }
}

export function saveWorkspace(
  root: string,
  db: Database,
  saved: Omit<SavedProject, 'format' | 'version'>,
  fault: SaveFault = null,
): Promise<void> {
  const run = saving.then(() => saveNow(root, db, saved, fault));
  saving = run.catch(() => undefined);
  return run;
}

async function saveNow(
  root: string,
  db: Database,
  saved: Omit<SavedProject, 'format' | 'version'>,
  fault: SaveFault,
): Promise<void> {
  // Never write a project file this version could not read back.
  const project = SavedProjectSchema.parse({ format: 'health-score-workbench/workspace', version: 1, ...saved });
  const dir = workspaceDir(root, saved.name);
  mkdirSync(dir, { recursive: true });
  // Another process saving the same workspace: refuse with a sentence rather than interleave generations.
  let releaseSave: () => void;
  try {
    releaseSave = acquireLock(join(dir, 'saving'), saved.name);
  } catch (err) {
    if (err instanceof WorkspaceLockedError) throw new WorkspaceBusyError(saved.name);
    throw err;
  }
  try {
    await db.exclusive(() => writeGeneration(dir, db, project, fault));
  } finally {
    releaseSave();
  }
}

async function writeGeneration(dir: string, db: Database, project: SavedProject, fault: SaveFault): Promise<void> {
  const gen = (head(dir) ?? 0) + 1;
  const dataFile = join(dir, `data-${gen}.duckdb`);
  rmSync(dataFile, { force: true });
  rmSync(`${dataFile}.wal`, { force: true });
  await db.conn.run(`ATTACH ${sqlString(dataFile)} AS ws_out`);
  try {
    for (const t of workspaceTables()) {
      const exists = (
        await db.conn.runAndReadAll(
          `SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name = ${sqlString(t)}`,
        )
      ).getColumns()[0]![0];
      if (Number(exists) > 0) await db.conn.run(`CREATE TABLE ws_out."${t}" AS SELECT * FROM "${t}"`);
    }
    await db.conn.run('CHECKPOINT ws_out');
  } finally {
    await db.conn.run('DETACH ws_out');
  }
  fsyncPath(dataFile);
  if (fault === 'after-data') throw new Error('simulated crash after writing the data');
  writeFileAtomic(join(dir, `project-${gen}.json`), JSON.stringify(project, null, 2));
  if (fault === 'after-project') throw new Error('simulated crash after writing the project');
  writeFileAtomic(join(dir, 'HEAD'), `${gen}\n`);
  // Older generations are only removed once HEAD points past them.
  for (const f of readdirSync(dir)) {
    const m = /^(data|project)-(\d+)\.(duckdb|json)(\.wal)?$/.exec(f);
    if (m && Number(m[2]) !== gen) rmSync(join(dir, f), { force: true });
  }
}

export interface OpenedWorkspace {
  db: Database;
  saved: SavedProject;
  release: () => void;
}

export async function openWorkspace(root: string, name: string, lockToken?: string): Promise<OpenedWorkspace> {
  const dir = workspaceDir(root, name);
  const gen = head(dir);
  if (gen === null) throw new Error(`There is no saved workspace called “${name}”.`);
  const release = acquireLock(join(dir, 'lock'), name, lockToken);
  try {
    const saved = SavedProjectSchema.parse(JSON.parse(readFileSync(join(dir, `project-${gen}.json`), 'utf8')));
    const db = await openDatabase();
    try {
      await db.conn.run(`ATTACH ${sqlString(join(dir, `data-${gen}.duckdb`))} AS ws_in (READ_ONLY)`);
      for (const t of workspaceTables()) {
        const has = (
          await db.conn.runAndReadAll(
            `SELECT count(*) FROM duckdb_tables() WHERE database_name = 'ws_in' AND table_name = ${sqlString(t)}`,
          )
        ).getColumns()[0]![0];
        if (Number(has) > 0) await db.conn.run(`CREATE OR REPLACE TABLE "${t}" AS SELECT * FROM ws_in."${t}"`);
        // A workspace saved before a table existed (score_history) opens with it empty, as a load without that export.
        else {
          const spec = EXPORT_TABLES.find((x) => x.name === t);
          if (spec) await createEmptyTable(db, spec);
        }
      }
      await db.conn.run('DETACH ws_in');
      await ensureProductEventsTable(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return { db, saved, release };
  } catch (err) {
    release();
    throw err;
  }
}

/** Every saved workspace under root, newest first. */
export function listWorkspaces(root: string): { name: string; savedAt: string; source: string; accounts: number }[] {
  if (!existsSync(root)) return [];
  const out = [];
  for (const f of readdirSync(root)) {
    if (!f.endsWith('.hsw') || !statSync(join(root, f)).isDirectory()) continue;
    const dir = join(root, f);
    const gen = head(dir);
    if (gen === null) continue;
    try {
      const p = SavedProjectSchema.parse(JSON.parse(readFileSync(join(dir, `project-${gen}.json`), 'utf8')));
      out.push({ name: p.name, savedAt: p.savedAt, source: p.source, accounts: p.accounts });
    } catch {
      // A workspace from a newer version or damaged by hand is skipped, not fatal.
    }
  }
  return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

const RecentSchema = z.array(z.object({ name: z.string(), at: z.string() }));

export function recentNames(root: string): string[] {
  try {
    return RecentSchema.parse(JSON.parse(readFileSync(join(root, 'recent.json'), 'utf8'))).map((r) => r.name);
  } catch {
    return [];
  }
}

export function touchRecent(root: string, name: string): void {
  mkdirSync(root, { recursive: true });
  const list = recentNames(root).filter((n) => n !== name);
  const next = [{ name, at: new Date().toISOString() }, ...list.map((n) => ({ name: n, at: '' }))].slice(0, 10);
  writeFileAtomic(join(root, 'recent.json'), JSON.stringify(next, null, 2));
}
