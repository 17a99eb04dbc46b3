/**
 * Load a folder of exports into DuckDB and build the snapshot frame the
 * calibration screen works on.
 */
import { basename } from 'node:path';
import type { DatasetMeta } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { buildSnapshots } from '../snapshots/buildSnapshots.js';
import { openDatabase } from './duckdb.js';
import { EXPORT_TABLES, loadExportTables } from './exportTables.js';

export interface LoadedData {
  meta: DatasetMeta;
  frame: SnapshotFrame;
  close(): void;
}

export type ProgressFn = (step: string, done: number, total: number) => void;

export async function loadWorkbenchData(dataDir: string, progress: ProgressFn = () => undefined): Promise<LoadedData> {
  const db = await openDatabase();
  try {
    const steps = EXPORT_TABLES.length + 4;
    const tables = await loadExportTables(db, dataDir, (name, i) => progress(`Loading ${name}`, i, steps));
    let step = EXPORT_TABLES.length;
    const frame = await buildSnapshots(db, (s) => progress(s, step++, steps));
    progress('Ready', steps, steps);
    const accounts = tables.find((t) => t.name === 'accounts')?.rows ?? 0;
    return {
      frame,
      meta: {
        source: basename(dataDir),
        observedThrough: frame.meta.observedThrough,
        months: frame.meta.months,
        segments: frame.meta.segments,
        accounts,
        snapshots: frame.n,
        tables: tables.map((t) => ({ name: t.name, file: t.file ? basename(t.file) : '', rows: t.rows })),
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
