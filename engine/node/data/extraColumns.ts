/**
 * The extra columns of the canonical tables (engine/core/import/extraColumns.ts): added to a table
 * when an import keeps one, and read back by kind from the loaded tables, so a custom signal on one
 * is checked against what the data really carries (a saved workspace keeps them, being its tables).
 */
import {
  EXTRA_COLUMN,
  EXTRA_SQL_TYPE,
  extraColumnName,
  type ExtraColumn,
  type ExtraKind,
} from '../../core/import/extraColumns.js';
import { CUSTOM_TABLE_NAMES } from '../../core/signals/customTables.js';
import type { ExtraColumnKinds } from '../../core/signals/customColumns.js';
import { sqlString, type Database } from './duckdb.js';

const KIND_OF_TYPE: Record<string, ExtraKind> = { DOUBLE: 'number', BOOLEAN: 'boolean', VARCHAR: 'category' };

async function columnTypes(db: Database, table: string): Promise<Map<string, string>> {
  const r = await db.conn.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_catalog = current_database() AND table_name = ${sqlString(table)}`,
  );
  return new Map(r.getRowsJson().map((row) => [String(row[0]), String(row[1])]));
}

/**
 * Add each extra column a file keeps to its canonical table (once: several files of one entity may
 * keep the same one). The same name kept as two kinds cannot be one column: say which file does it.
 */
export async function ensureExtraColumns(
  db: Database,
  table: string,
  file: string,
  extras: readonly ExtraColumn[],
): Promise<void> {
  if (extras.length === 0) return;
  const have = await columnTypes(db, table);
  for (const e of extras) {
    const col = extraColumnName(e.name);
    const type = EXTRA_SQL_TYPE[e.kind];
    const existing = have.get(col);
    if (existing === undefined) {
      await db.conn.run(`ALTER TABLE "${table}" ADD COLUMN "${col}" ${type}`);
      have.set(col, type);
    } else if (existing !== type)
      throw new Error(
        `${file}: extra column "${e.column}" is kept as ${col} (${e.kind}), but another ${table} file keeps ${col} as ${KIND_OF_TYPE[existing] ?? existing}: give them the same kind or different names`,
      );
  }
}

/** Per custom table, the extra columns the loaded data carries and their kinds. */
export async function loadedExtraColumns(db: Database): Promise<ExtraColumnKinds> {
  const out: Partial<Record<(typeof CUSTOM_TABLE_NAMES)[number], Record<string, ExtraKind>>> = {};
  for (const table of CUSTOM_TABLE_NAMES) {
    const cols: Record<string, ExtraKind> = {};
    for (const [name, type] of await columnTypes(db, table)) {
      const kind = KIND_OF_TYPE[type];
      if (EXTRA_COLUMN.test(name) && kind) cols[name] = kind;
    }
    out[table] = cols;
  }
  return out;
}
