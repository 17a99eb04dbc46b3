/**
 * Load a folder of exports into DuckDB and build the snapshot frame the
 * calibration screen works on.
 */
import { basename } from 'node:path';
import type { DatasetMeta } from '../api/schema.js';
import type { Cadence, SnapshotFrame } from '../snapshots/frame.js';
import { buildSnapshots } from '../snapshots/buildSnapshots.js';
import { openDatabase } from './duckdb.js';
import { EXPORT_TABLES, loadExportTables } from './exportTables.js';

export interface LoadedData {
  meta: DatasetMeta;
  /** The monthly snapshots, built at load. */
  frame: SnapshotFrame;
  /** Snapshots at a cadence, built on first use and kept. */
  frameAt(cadence: Cadence): Promise<SnapshotFrame>;
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
    const frames = new Map<Cadence, Promise<SnapshotFrame>>([['monthly', Promise.resolve(frame)]]);
    return {
      frame,
      frameAt(cadence) {
        let f = frames.get(cadence);
        if (!f) {
          f = buildSnapshots(db, undefined, cadence);
          frames.set(cadence, f);
          f.catch(() => frames.delete(cadence));
        }
        return f;
      },
      meta: {
        source: basename(dataDir),
        observedThrough: frame.meta.observedThrough,
        periods: frame.meta.periods,
        hasRenewals: tables.some((t) => t.name === 'renewals' && t.rows > 0),
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
