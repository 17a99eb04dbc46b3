/**
 * The standard export folder (accounts.csv, usage_events.csv[.gz], …) as an
 * import: each file it holds mapped column for column to its entity, so a
 * folder goes through the same staging, checks, issue log and per-file
 * counts as any mapped file (issue 16).
 */
import { basename } from 'node:path';
import type { FileMapping } from '../../core/api/importSchema.js';
import { entitySpec, type EntityId } from '../../core/import/entities.js';
import type { ImportInput } from '../import/importFiles.js';
import { sniffFile } from '../import/sniff.js';
import type { Database } from './duckdb.js';
import { EXPORT_TABLES, findExportFile, type TableSpec } from './exportTables.js';

/** The entity each standard file is: its table's, except that usage_events.csv holds daily rows. */
const STANDARD_ENTITY: Record<string, EntityId> = {
  accounts: 'accounts',
  usage_events: 'usage_daily',
  tickets: 'tickets',
  invoices: 'invoices',
  nps: 'nps',
  churn: 'churn',
  renewals: 'renewals',
  subscriptions: 'subscriptions',
  overrides: 'overrides',
};

/** The standard mapping: every field whose role names a column of the file (case and spaces aside), ISO dates. */
export function standardMapping(entity: EntityId, columns: readonly string[]): FileMapping {
  const mapped: Record<string, string> = {};
  for (const f of entitySpec(entity).fields) {
    const c = columns.find((name) => name.trim().toLowerCase() === f.role);
    if (c !== undefined) mapped[f.role] = c;
  }
  return { entity, columns: mapped, dateFormats: {} };
}

export interface StandardFolder {
  /** One input per standard file present, in EXPORT_TABLES order. */
  inputs: ImportInput[];
  /** Per EXPORT_TABLES entry: the file found for it, or null. */
  tables: { spec: TableSpec; file: string | null }[];
}

/** The folder's standard files as import inputs; a required one missing is an error naming it. */
export async function standardFolder(db: Database, dir: string): Promise<StandardFolder> {
  const tables = EXPORT_TABLES.map((spec) => ({ spec, file: findExportFile(dir, spec.name) }));
  const missing = tables
    .filter((t) => t.spec.required && t.file === null)
    .map((t) => `${t.spec.name}.csv (or .csv.gz)`);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not found in ${dir}`);
  const inputs: ImportInput[] = [];
  for (const { spec, file } of tables) {
    if (file === null) continue;
    // Standard files have their header on the first line: say so rather than let a guess skip a row.
    const sniffed = await sniffFile(db, file, { format: 'csv', header: true, skipRows: 0 });
    const columns = sniffed.columns.map((c) => c.name);
    inputs.push({
      path: file,
      label: basename(file),
      read: sniffed.read,
      columns,
      mapping: standardMapping(STANDARD_ENTITY[spec.name]!, columns),
    });
  }
  return { inputs, tables };
}
