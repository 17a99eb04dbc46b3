/**
 * The export dates an import was given (`asOf`: the day a file was exported, for rows that lack a
 * date the product needs), kept in the database (and in a saved workspace) so the snapshot build can
 * score a one-moment export (one row per customer, no history) at that date, and a custom signal can
 * read the accounts file's columns as of the day they describe.
 */
import type { FileMapping } from '../../core/api/importSchema.js';
import { takesExportDate } from '../../core/import/exportDate.js';
import { sqlString, type Database } from '../data/duckdb.js';

export const EXPORT_DATES_TABLE = 'export_dates';

export async function recordExportDates(
  db: Database,
  inputs: readonly { label: string; mapping: FileMapping }[],
): Promise<void> {
  await db.conn.run(`CREATE OR REPLACE TABLE ${EXPORT_DATES_TABLE} (file VARCHAR, entity VARCHAR, as_of DATE)`);
  // Only where the date means something (a churn flag, a score extract, a tenure column).
  const rows = inputs.filter((i) => i.mapping.asOf !== undefined && takesExportDate(i.mapping));
  if (rows.length === 0) return;
  await db.conn.run(
    `INSERT INTO ${EXPORT_DATES_TABLE} VALUES ${rows
      .map((i) => `(${sqlString(i.label)}, ${sqlString(i.mapping.entity)}, DATE ${sqlString(i.mapping.asOf!)})`)
      .join(', ')}`,
  );
}

/** The latest export date given to a file (of the entity, when named); null when none was, or no import ran. */
async function latest(db: Database, entity?: string): Promise<string | null> {
  const exists = await db.conn.runAndReadAll(
    `SELECT count(*) FROM duckdb_tables() WHERE table_name = ${sqlString(EXPORT_DATES_TABLE)}`,
  );
  if (Number(exists.getRowsJson()[0]![0]) === 0) return null;
  const r = await db.conn.runAndReadAll(
    `SELECT strftime(max(as_of), '%Y-%m-%d') FROM ${EXPORT_DATES_TABLE}${entity ? ` WHERE entity = ${sqlString(entity)}` : ''}`,
  );
  const v = r.getRowsJson()[0]![0];
  return typeof v === 'string' ? v : null;
}

// Function declarations, not arrow constants: Stryker switches their mutants per test.
/** The latest export date of any file: a one-moment export's one snapshot date. */
export function latestExportDate(db: Database): Promise<string | null> {
  return latest(db);
}

/** The accounts file's export date: its columns describe the accounts on that day. */
export function accountsExportDate(db: Database): Promise<string | null> {
  return latest(db, 'accounts');
}
