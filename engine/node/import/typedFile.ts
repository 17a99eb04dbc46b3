/**
 * One file after parsing: its typed rows in a temp table, and the helpers every
 * check uses to log an issue against it or skip the rows already rejected.
 */
import type { Database } from '../data/duckdb.js';
import { sqlString } from '../data/duckdb.js';
import type { FieldSpec } from '../../core/import/entities.js';
import type { ImportInput } from './importFiles.js';
import { ISSUES_TABLE } from './issues.js';
import type { StagedFile } from './stage.js';

export interface Typed {
  idx: number;
  input: ImportInput;
  staged: StagedFile;
  table: string;
  fields: FieldSpec[];
}

export async function scalar(db: Database, sql: string): Promise<number> {
  const r = await db.conn.runAndReadAll(sql);
  return Number(r.getColumns()[0]![0] ?? 0);
}

/** Log an issue for every row of `t` matching `where`. */
export async function issue(
  db: Database,
  t: Typed,
  column: string,
  valueSql: string,
  reasonSql: string,
  action: string,
  where: string,
): Promise<void> {
  await db.conn
    .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, ord, NULL, ${sqlString(column)}, coalesce(${valueSql}, ''), ${reasonSql}, ${sqlString(action)}
    FROM ${t.table} WHERE ${where}`);
}

/** The ordinals of `t`'s rows rejected so far, as a SQL subquery. */
export const rejectedOrds = (t: Typed) =>
  `(SELECT ord FROM ${ISSUES_TABLE} WHERE file_idx = ${t.idx} AND action = 'row rejected' AND ord IS NOT NULL)`;
