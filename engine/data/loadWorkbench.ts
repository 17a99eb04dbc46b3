/**
 * Load a folder of exports into DuckDB and build the snapshot frame the
 * calibration screen works on.
 */
import { basename } from 'node:path';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { DataFingerprint, DatasetMeta } from '../api/schema.js';
import { canonicalJson, sha256 } from '../config/canonical.js';
import type { Cadence, SnapshotFrame } from '../snapshots/frame.js';
import { buildSnapshots } from '../snapshots/buildSnapshots.js';
import { DUCKDB_MEMORY, openDatabase } from './duckdb.js';
import { EXPORT_TABLES, loadExportTables } from './exportTables.js';

export interface LoadedData {
  meta: DatasetMeta;
  /** The monthly snapshots, built at load. */
  frame: SnapshotFrame;
  /** What the data was: per export file its rows and SHA-256, and one hash over them all. */
  fingerprint: DataFingerprint;
  /** Snapshots at a cadence, built on first use and kept. */
  frameAt(cadence: Cadence): Promise<SnapshotFrame>;
  close(): void;
}

export type ProgressFn = (step: string, done: number, total: number) => void;

function fileSha256(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (d) => h.update(d)).on('end', () => ok(h.digest('hex'))).on('error', fail);
  });
}

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
    const fileTables = await Promise.all(tables.map(async (t) => ({ name: t.name, rows: t.rows, sha256: t.file ? await fileSha256(t.file) : '' })));
    return {
      frame,
      fingerprint: { sha256: sha256(canonicalJson(fileTables)), tables: fileTables },
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
    if (err instanceof Error && /Out of Memory/i.test(err.message)) {
      throw new Error(`${err.message.split('\n')[0]} — the exports need more than the ${DUCKDB_MEMORY} the engine may use; start it with HSW_DUCKDB_MEMORY set higher (e.g. HSW_DUCKDB_MEMORY=4GB).`);
    }
    throw err;
  }
}
