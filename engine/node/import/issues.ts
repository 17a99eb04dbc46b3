/**
 * The import's issue log: every rejected row and every changed value, with
 * file, line, column, value and reason. Kept in DuckDB (a bad export can have
 * millions) and summarised for the screen.
 */
import type { Database } from '../data/duckdb.js';
import type { ImportIssue, ImportReport } from '../../core/api/importSchema.js';
import type { LineSegment } from './lineIndex.js';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sqlString } from '../data/duckdb.js';
import type { ImportedFile } from './importFiles.js';

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
  await db.conn.run('DROP TABLE line_segments');
}

// A function declaration, not an arrow constant: Stryker switches its mutants per test.
function num(v: unknown): number {
  return Number(v ?? 0);
}

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

export const ISSUES_CSV_HEADER = 'file,line,column,value,reason,action\n';

/**
 * A text cell as `csvCell` (engine/core/export/csv.ts) writes it, in SQL: a cell
 * starting with = + - @ tab or CR gets a leading apostrophe, so a spreadsheet
 * shows it instead of running it. Empty text is written as nothing, as csvCell does.
 */
export function neutralisedSql(col: string): string {
  return `nullif(CASE WHEN regexp_matches(${col}, '^[=+\\-@\\t\\r]') THEN '''' || ${col} ELSE ${col} END, '')`;
}

/**
 * The log in file and line order, every text cell formula-safe: the query COPY writes out.
 * Built when written, not a module constant, so that Stryker switches its mutants per test.
 */
function issuesCsvQuery(): string {
  return `SELECT ${neutralisedSql('file')} AS file, line, ${neutralisedSql('column_name')} AS "column",
  ${neutralisedSql('value')} AS value, ${neutralisedSql('reason')} AS reason, ${neutralisedSql('action')} AS action
  FROM ${ISSUES_TABLE} ORDER BY file_idx, line, column_name, reason`;
}

/**
 * The whole issue log as CSV, safe to open in a spreadsheet, written by DuckDB
 * straight to `path`: a log of millions of issues never becomes one string
 * (2.95 M issues took the CLI to 4 GB that way). Without a log, just the header.
 */
export async function writeIssuesCsv(db: Database, path: string): Promise<void> {
  if (!(await hasIssuesTable(db))) {
    writeFileSync(path, ISSUES_CSV_HEADER);
    return;
  }
  await db.conn.run(
    `COPY (${issuesCsvQuery()}) TO ${sqlString(path)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"')`,
  );
}

/** The issue log as CSV bytes (the app's download): written by DuckDB into the database's own folder, read once. */
export async function issuesCsvBytes(db: Database): Promise<Uint8Array> {
  const path = join(db.tempDirectory, `issues-${randomUUID()}.csv`);
  try {
    await writeIssuesCsv(db, path);
    return new Uint8Array(await readFile(path));
  } finally {
    rmSync(path, { force: true });
  }
}

export async function hasIssuesTable(db: Database): Promise<boolean> {
  const r = await db.conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name = '${ISSUES_TABLE}'`);
  return Number(r.getColumns()[0]![0]) > 0;
}

/**
 * An import that stopped after its files were read: the message says what is
 * missing and how to fix it; `imported` is the per-file summary so far and `db`
 * (once the loader hands it over) holds the issue log. Whoever catches it owns
 * `db` and closes it.
 */
export class ImportFailed extends Error {
  constructor(
    message: string,
    readonly imported: readonly ImportedFile[],
    readonly db: Database | null = null,
  ) {
    super(message);
    this.name = 'ImportFailed';
  }
}
