/**
 * Load exports into DuckDB and build the snapshot frame the calibration
 * screen works on: from a folder of standard exports, or from user files
 * through a mapping (engine/import).
 */
import { basename } from 'node:path';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { CustomSignal, DataFingerprint, DatasetMeta } from '../../core/api/schema.js';
import { canonicalJson, sha256 } from '../../core/config/canonical.js';
import { customFrameKey } from '../../core/signals/customFrameSet.js';
import type { Cadence, SnapshotFrame } from '../../core/snapshots/frame.js';
import { buildSnapshots } from '../snapshots/buildSnapshots.js';
import { addCustomSignals } from '../snapshots/customSignals.js';
import { DEFAULT_GRACE_DAYS } from '../../core/api/schema/backtest.js';
import { DUCKDB_MEMORY, openDatabase, type Database } from './duckdb.js';
import { EXPORT_TABLES } from './exportTables.js';
import { loadedExtraColumns } from './extraColumns.js';
import type { ExtraColumnKinds } from '../../core/signals/customColumns.js';
import { ImportCancelled, importFiles, type ImportInput, type ImportedFile } from '../import/importFiles.js';
import { ImportFailed } from '../import/issues.js';
import { explainBuildFailure } from './loadFailure.js';
import { standardFolder } from './standardFolder.js';

export interface LoadedData {
  meta: DatasetMeta;
  /** The monthly snapshots, built at load. */
  frame: SnapshotFrame;
  /** What the data was: per export file its rows and SHA-256, and one hash over them all. */
  fingerprint: DataFingerprint;
  /** Per imported file: rows read, loaded, rejected (empty for a standard folder). */
  imported: ImportedFile[];
  /** The database holding the tables (and the import's issue log). */
  db: Database;
  /** The files the data came from (saved with a workspace). */
  files: { name: string; file: string; rows: number; sha256: string }[];
  /**
   * Snapshots at a cadence and subscription grace period (days), built on first use and kept; with a
   * configuration's custom signals, a wider frame holding their columns too (kept per set of definitions).
   */
  frameAt(cadence: Cadence, graceDays?: number, customSignals?: readonly CustomSignal[]): Promise<SnapshotFrame>;
  /** The extra columns (x_…) an import kept in the event tables, by kind: what custom signals may read besides the fixed ones. */
  extraColumns: ExtraColumnKinds;
  close(): void;
}

export type ProgressFn = (step: string, done: number, total: number) => void;

function fileSha256(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('end', () => ok(h.digest('hex')))
      .on('error', fail);
  });
}

function friendly(err: unknown): unknown {
  if (err instanceof Error && /Out of Memory/i.test(err.message)) {
    return new Error(
      `${err.message.split('\n')[0]} — the exports need more than the ${DUCKDB_MEMORY} the engine may use; start it with HSW_DUCKDB_MEMORY set higher (e.g. HSW_DUCKDB_MEMORY=4GB).`,
    );
  }
  return err;
}

/**
 * Tables added after data sets were fingerprinted: listed only when an export has them, so a folder or an
 * import without them keeps the fingerprint (and the approvals made against it) it had before.
 */
const LISTED_WHEN_PRESENT = new Set(['subscriptions', 'score_history']);

async function tableRows(db: Database): Promise<{ name: string; rows: number }[]> {
  const out = [];
  for (const spec of EXPORT_TABLES) {
    const r = await db.conn.runAndReadAll(`SELECT count(*)::BIGINT FROM "${spec.name}"`);
    const rows = Number(r.getColumns()[0]![0]);
    if (rows > 0 || !LISTED_WHEN_PRESENT.has(spec.name)) out.push({ name: spec.name, rows });
  }
  return out;
}

/** Build snapshots over tables already in `db` and package the result. */
/** Frames with custom signals kept at once (each costs about as much memory as the plain frame). */
const CUSTOM_FRAMES_KEPT = 3;

export async function finishLoad(
  db: Database,
  source: string,
  files: { name: string; file: string; rows: number; sha256: string }[],
  imported: ImportedFile[],
  onStep: (step: string, fraction: number) => void = () => undefined,
): Promise<LoadedData> {
  const frame = await buildSnapshots(db, onStep);
  const extraColumns = await loadedExtraColumns(db);
  const key = (cadence: Cadence, graceDays: number) => `${cadence}:${graceDays}`;
  const frames = new Map<string, Promise<SnapshotFrame>>([
    [key('monthly', DEFAULT_GRACE_DAYS), Promise.resolve(frame)],
  ]);
  // Frames with custom signals, most recently used last: each is a full copy of the frame with extra
  // columns, and a user editing definitions makes a new set each time, so only the last few are kept.
  const withCustom = new Map<string, Promise<SnapshotFrame>>();
  const frameAt: LoadedData['frameAt'] = (cadence, graceDays = DEFAULT_GRACE_DAYS, customSignals = []) => {
    const base = key(cadence, graceDays);
    if (customSignals.length === 0) {
      let f = frames.get(base);
      if (!f) {
        f = db.exclusive(() => buildSnapshots(db, undefined, cadence, undefined, graceDays));
        frames.set(base, f);
        f.catch(() => frames.delete(base));
      }
      return f;
    }
    // By what the columns compute: a new label, category or direction is the same frame (no rebuild).
    const k = `${base}:${customFrameKey(customSignals)}`;
    let f = withCustom.get(k);
    if (f) withCustom.delete(k);
    else {
      f = frameAt(cadence, graceDays).then((built) =>
        db.exclusive(() => addCustomSignals(db, built, customSignals, extraColumns)),
      );
      f.catch(() => withCustom.delete(k));
    }
    withCustom.set(k, f);
    while (withCustom.size > CUSTOM_FRAMES_KEPT) withCustom.delete(withCustom.keys().next().value!);
    return f;
  };
  const rows = await tableRows(db);
  const fileTables = files.map((f) => ({ name: f.name, rows: f.rows, sha256: f.sha256 }));
  return {
    frame,
    db,
    files,
    imported,
    fingerprint: { sha256: await sha256(canonicalJson(fileTables)), tables: fileTables },
    frameAt,
    extraColumns,
    meta: {
      source,
      observedThrough: frame.meta.observedThrough,
      periods: frame.meta.periods,
      hasRenewals: (rows.find((t) => t.name === 'renewals')?.rows ?? 0) > 0,
      segments: frame.meta.segments,
      plans: frame.meta.plans,
      regions: frame.meta.regions,
      accounts: rows.find((t) => t.name === 'accounts')?.rows ?? 0,
      snapshots: frame.n,
      extraColumns,
      tables:
        files.length > 0 && imported.length === 0
          ? files.map((f) => ({ name: f.name, file: f.file, rows: f.rows }))
          : rows.map((t) => ({
              name: t.name,
              file: files
                .filter((f) => f.name === t.name)
                .map((f) => f.file)
                .join(', '),
              rows: t.rows,
            })),
    },
    close: () => db.close(),
  };
}

/**
 * A standard export folder, loaded as an import with the standard mapping of
 * its files (standardFolder.ts): the same checks, issue log and per-file counts
 * as mapped files. The fingerprint lists the files as the folder loader always
 * did (table name, rows, SHA-256; a missing optional export as an empty entry),
 * so approvals made against a folder still match it.
 */
export async function loadWorkbenchData(dataDir: string, progress: ProgressFn = () => undefined): Promise<LoadedData> {
  const db = await openDatabase();
  let imported: ImportedFile[] | null = null;
  try {
    // Building snapshots takes about as long as loading every table: give it as many steps.
    const steps = EXPORT_TABLES.length * 2 + 1;
    const folder = await standardFolder(db, dataDir);
    imported = await importFiles(
      db,
      folder.inputs,
      (step, f) => progress(step, Math.round(f * EXPORT_TABLES.length), steps),
      () => false,
    );
    const loaded = imported;
    const files = await Promise.all(
      folder.tables
        .filter((t) => t.file || !LISTED_WHEN_PRESENT.has(t.spec.name))
        .map(async (t) => ({
          name: t.spec.name,
          file: t.file ? basename(t.file) : '',
          rows: t.file ? loaded[folder.inputs.findIndex((i) => i.path === t.file)]!.rowsLoaded : 0,
          sha256: t.file ? await fileSha256(t.file) : '',
        })),
    );
    const data = await finishLoad(db, basename(dataDir), files, imported, (s, f) =>
      progress(s, EXPORT_TABLES.length + Math.round(f * EXPORT_TABLES.length), steps),
    );
    progress('Ready', steps, steps);
    return data;
  } catch (err) {
    throw await failure(db, err, imported);
  }
}

/**
 * Import user files through their mappings into a fresh database. The
 * previous data stays untouched until this resolves, so a failed or cancelled
 * import loses nothing.
 */
export async function loadImportedData(
  inputs: readonly ImportInput[],
  source: string,
  progress: (step: string, fraction: number, detail?: { rows: number; bytes: number; bytesTotal: number }) => void,
  cancelled: () => boolean,
): Promise<LoadedData> {
  const db = await openDatabase();
  let imported: ImportedFile[] | null = null;
  try {
    imported = await importFiles(db, inputs, (s, f, detail) => progress(s, f * 0.7, detail), cancelled);
    const loaded = imported;
    const files = await Promise.all(
      inputs.map(async (i, k) => ({
        name: i.mapping.entity,
        file: i.label,
        rows: loaded[k]!.rowsLoaded,
        sha256: await fileSha256(i.path),
      })),
    );
    const data = await finishLoad(db, source, files, imported, (s, f) => progress(s, 0.7 + 0.29 * f));
    progress('Ready', 1);
    return data;
  } catch (err) {
    throw await failure(db, err, imported);
  }
}

/**
 * What a failed load throws. Once the files were read, an ImportFailed that
 * keeps the database (its issue log) and the per-file summary, so the report
 * survives the failure; the caller owns that database. Before that, the
 * database is closed and the error explained.
 */
async function failure(db: Database, err: unknown, imported: ImportedFile[] | null): Promise<unknown> {
  if (err instanceof ImportFailed) return new ImportFailed(err.message, err.imported, db);
  if (imported !== null && !(err instanceof ImportCancelled)) {
    const message = await explainBuildFailure(db, err, imported).catch(() => null);
    if (message !== null) return new ImportFailed(message, imported, db);
  }
  db.close();
  return friendly(err);
}
