/**
 * The import's issue log: every rejected row and every changed value, with
 * file, line, column, value and reason. Kept in DuckDB (a bad export can have
 * millions) and summarised for the screen.
 */
import type { Database } from '../data/duckdb.js';
import type { ImportIssue, ImportReport } from '../../core/api/importSchema.js';
import type { LineSegment } from './lineIndex.js';
import { csvLine } from '../../core/export/csv.js';

export const ISSUES_TABLE = 'import_issues';

export async function createIssuesTable(db: Database): Promise<void> {
  await db.conn.run(`CREATE OR REPLACE TABLE ${ISSUES_TABLE} (
    file_idx INTEGER, file VARCHAR, ord BIGINT, line BIGINT, column_name VARCHAR, value VARCHAR, reason VARCHAR, action VARCHAR)`);
}

/** Issues found outside SQL (rows the reader rejected), with their lines known. */
export async function appendIssues(db: Database, fileIdx: number, issues: readonly ImportIssue[]): Promise<void> {
  if (issues.length === 0) return;
  const app = await db.conn.createAppender(ISSUES_TABLE);
  for (const i of issues) {
    app.appendInteger(fileIdx);
    app.appendVarchar(i.file);
    app.appendNull();
    app.appendBigInt(BigInt(i.line));
    app.appendVarchar(i.column);
    app.appendVarchar(i.value);
    app.appendVarchar(i.reason);
    app.appendVarchar(i.action);
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
}

/** Give every issue of a file found by row ordinal its physical line. */
export async function resolveLines(db: Database, fileIdx: number, segments: readonly LineSegment[]): Promise<void> {
  const values =
    segments.length === 0
      ? '(0::BIGINT, 1::BIGINT)'
      : segments.map((s) => `(${s.ordStart}::BIGINT, ${s.offset}::BIGINT)`).join(', ');
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE line_segments AS SELECT * FROM (VALUES ${values}) t(ord_start, off)`);
  await db.conn.run(`UPDATE ${ISSUES_TABLE} AS i SET line = i.ord + s.off
    FROM (SELECT i2.ord, seg.off FROM (SELECT DISTINCT ord FROM ${ISSUES_TABLE} WHERE file_idx = ${fileIdx} AND line IS NULL) i2
          ASOF JOIN line_segments seg ON i2.ord >= seg.ord_start) s
    WHERE i.file_idx = ${fileIdx} AND i.line IS NULL AND i.ord = s.ord`);
}

const num = (v: unknown) => Number(v ?? 0);

export async function issueSummary(db: Database, limit: number, offset: number): Promise<Omit<ImportReport, 'files'>> {
  const groups = (
    await db.conn
      .runAndReadAll(`SELECT file, column_name, reason, action, count(*)::BIGINT AS n, min(line)::BIGINT AS first_line, arg_min(value, line) AS example
    FROM ${ISSUES_TABLE} GROUP BY ALL ORDER BY n DESC, file, column_name, reason LIMIT 500`)
  ).getRowObjectsJson();
  const total = num(
    (await db.conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${ISSUES_TABLE}`)).getColumns()[0]![0],
  );
  const rows = (
    await db.conn.runAndReadAll(`SELECT file, line, column_name, value, reason, action FROM ${ISSUES_TABLE}
    ORDER BY file_idx, line, column_name, reason LIMIT ${limit} OFFSET ${offset}`)
  ).getRowObjectsJson();
  return {
    total,
    groups: groups.map((g) => ({
      file: String(g.file),
      column: String(g.column_name),
      reason: String(g.reason),
      action: g.action as ImportIssue['action'],
      count: num(g.n),
      firstLine: num(g.first_line),
      example: String(g.example ?? ''),
    })),
    issues: rows.map((r) => ({
      file: String(r.file),
      line: num(r.line),
      column: String(r.column_name),
      value: String(r.value ?? ''),
      reason: String(r.reason),
      action: r.action as ImportIssue['action'],
    })),
  };
}

/** The whole issue log as CSV, safe to open in a spreadsheet. */
export async function issuesCsv(db: Database): Promise<string> {
  const r = await db.conn.runAndReadAll(
    `SELECT file, line, column_name, value, reason, action FROM ${ISSUES_TABLE} ORDER BY file_idx, line, column_name, reason`,
  );
  let text = csvLine(['file', 'line', 'column', 'value', 'reason', 'action']);
  for (const row of r.getRowsJson())
    text += csvLine(row.map((v, k) => (v === null ? '' : k === 1 ? Number(v) : String(v))));
  return text;
}
