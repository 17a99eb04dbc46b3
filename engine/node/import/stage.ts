/**
 * Stage one file into DuckDB as text: a table `stg` with one VARCHAR column
 * per file column (c0, c1, …, so hostile header names never reach SQL) in file
 * order. Rows the reader cannot split (ragged rows, broken quotes, invalid
 * encoding) are recorded as issues, never dropped silently. A CSV can instead
 * be read straight into what its caller selects over those text columns
 * (ReadInto), with the same rejects, line map and counts.
 */
import type { Database } from '../data/duckdb.js';
import { sqlIdent, sqlString } from '../data/duckdb.js';
import type { ReadOptions } from '../../core/api/importSchema.js';
import { readerSql } from './sniff.js';
import { readWorkbookSheet } from './xlsx.js';
import { mapLines, type LineSegment } from './lineIndex.js';
import { appendIssues } from './issues.js';
import { firstErrorPerRow } from './readerRejects.js';
import { needsTranscoding, normaliseLineEndings, transcodeToUtf8 } from './transcode.js';
import { gzipTruncation, truncatedGzip } from './fileProblems.js';
import { scanNdjson } from './ndjsonLines.js';
import { rmSync } from 'node:fs';
import type { ImportIssue } from '../../core/api/importSchema.js';

export interface StagedFile {
  /** The text table (c0, c1, …; rowid = ord), or null when a CSV's rows went straight into `into`. */
  table: string | null;
  /** Rows staged (accepted by the reader). */
  rows: number;
  /** Rows the reader rejected (already logged as issues). */
  rejected: number;
  location: 'line' | 'row' | 'record';
  /** Line of accepted row `ord` (0-based), computed only when issues need it. */
  segments(): Promise<LineSegment[]>;
  /** Remove what staging left on disk (a UTF-8 copy of a file in another encoding). */
  dispose(): void;
  /**
   * A CSV read straight into `into`: write its text as `table` after all (c0, c1, …; rowid = ord),
   * reading the file as it was finally read (a UTF-8 copy, one kind of line ending). The reader's
   * rejects were logged by the first read.
   */
  stageText?: (table: string) => Promise<void>;
}

/**
 * Instead of a text table, what a CSV's rows are read into: `select(source)` over the reader (columns
 * c0, c1, … as text, in file order), written as `table`. Saves writing every value as text and reading it back.
 */
export interface ReadInto {
  table: string;
  select: (source: string) => string;
}

/** The reader's error type in words. A function declaration, not a constant: Stryker switches its mutants per test. */
function rejectReason(type: string): string | undefined {
  switch (type) {
    case 'MISSING COLUMNS':
      return 'row has fewer fields than the header';
    case 'TOO MANY COLUMNS':
      return 'row has more fields than the header';
    case 'UNQUOTED VALUE':
      return 'quote character inside an unquoted field';
    case 'LINE SIZE OVER MAXIMUM':
      return 'line is too long';
    case 'INVALID ENCODING':
      return 'bytes are not valid in the file encoding';
    case 'INVALID UNICODE':
      return 'bytes are not valid UTF-8';
    default:
      return undefined;
  }
}

export async function stageFile(
  db: Database,
  path: string,
  fileIdx: number,
  fileLabel: string,
  read: ReadOptions,
  /** Column names in file order (the issue log names columns as the user knows them). */
  names: readonly string[],
  table: string,
  poll: (run: Promise<unknown>) => Promise<unknown>,
  /** For a CSV: read the rows into this instead of a text table (other formats are staged as text). */
  into?: ReadInto,
): Promise<StagedFile> {
  const width = names.length;
  const cols = Array.from({ length: width }, (_, i) => `c${i}`);
  const gz = /\.gz$/i.test(path);
  // Whether the archive reaches its end is checked while DuckDB reads it: DuckDB unpacks a gzip file on
  // one thread, so the check takes the other core instead of a pass of its own after the read.
  const truncation = gz ? gzipTruncation(path) : null;
  let staged: StagedFile;
  try {
    staged = await stageAny(db, path, fileIdx, fileLabel, read, names, cols, table, poll, into);
  } catch (err) {
    // DuckDB says only "unexpected end of file", or reads the text it got: an archive cut short is the
    // cause of whatever went wrong, and downloading it again the way out.
    const cut = truncation && (await truncation);
    if (cut) throw truncatedGzip(path, cut.lines, read.header !== false);
    throw err;
  }
  // Cut in its last blocks, a gzip file is read without an error, short of its rows (2,000 rows packed,
  // 20 bytes cut: 1,130 read): it is refused as when DuckDB stops at the break.
  const cut = truncation && (await truncation);
  if (cut) {
    staged.dispose();
    throw truncatedGzip(path, cut.lines, read.header !== false);
  }
  return staged;
}

async function stageAny(
  db: Database,
  path: string,
  fileIdx: number,
  fileLabel: string,
  read: ReadOptions,
  names: readonly string[],
  cols: string[],
  table: string,
  poll: (run: Promise<unknown>) => Promise<unknown>,
  into: ReadInto | undefined,
): Promise<StagedFile> {
  const width = names.length;
  if (read.format === 'csv') {
    const skip = (read.skipRows ?? 0) + (read.header === false ? 0 : 1);
    const rej = `${table}_rejects`;
    const scans = `${table}_scans`;
    // Read as UTF-8 always: other encodings are converted first (a copy in the database's own temporary folder).
    const copies: string[] = [];
    if (needsTranscoding(read.encoding))
      copies.push(await transcodeToUtf8(path, read.encoding, db.tempDirectory, table));
    const dispose = () => {
      for (const c of copies) rmSync(c, { force: true });
    };
    const stage = (p: string) => stageCsv(db, p, fileIdx, fileLabel, read, names, table, skip, rej, scans, poll, into);
    try {
      try {
        return { ...(await stage(copies.at(-1) ?? path)), dispose };
      } catch (err) {
        if (!/state machine reached an invalid state/.test(String(err))) throw err;
        // Mixed CRLF and LF lines: read a copy with one kind of line ending (line numbers unchanged).
        copies.push(await normaliseLineEndings(copies.at(-1) ?? path, db.tempDirectory, table));
        return { ...(await stage(copies.at(-1)!)), dispose };
      }
    } catch (err) {
      dispose();
      throw err;
    }
  }
  if (read.format === 'ndjson') return stageNdjson(db, path, fileIdx, fileLabel, cols, table, poll);
  return stageOther(db, path, read, cols, width, table, poll);
}

async function stageCsv(
  db: Database,
  path: string,
  fileIdx: number,
  fileLabel: string,
  read: ReadOptions,
  names: readonly string[],
  table: string,
  skip: number,
  rej: string,
  scans: string,
  poll: (run: Promise<unknown>) => Promise<unknown>,
  into: ReadInto | undefined,
): Promise<Omit<StagedFile, 'dispose'>> {
  const enc = 'utf-8';
  const cols = names.map((_, i) => `c${i}`);
  const reader = (rejects: string, scan: string) => `read_csv(${sqlString(path)},
        columns = {${cols.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}},
        header = false, skip = ${skip}, auto_detect = false,
        delim = ${sqlString(read.delimiter ?? ',')}, quote = ${sqlString(read.quote ?? '"')}, escape = ${sqlString(read.quote ?? '"')},
        encoding = ${sqlString(enc)}, strict_mode = true, max_line_size = 4194304,
        store_rejects = true, rejects_table = ${sqlString(rejects)}, rejects_scan = ${sqlString(scan)})`;
  // In file order: the rowid of what is written is the row's ordinal (ord), which the line map places.
  const write = async (sql: string) => {
    await db.conn.run('SET preserve_insertion_order = true');
    try {
      await poll(db.conn.run(sql));
    } finally {
      await db.conn.run('SET preserve_insertion_order = false');
    }
  };
  const source = reader(rej, scans);
  await write(
    into
      ? `CREATE OR REPLACE TABLE ${sqlIdent(into.table)} AS ${into.select(source)}`
      : `CREATE OR REPLACE TABLE ${sqlIdent(table)} AS SELECT * FROM ${source}`,
  );
  const rejected = firstErrorPerRow(
    (
      await db.conn.runAndReadAll(
        `SELECT line::BIGINT, byte_position::BIGINT, coalesce(column_idx, 0)::BIGINT, error_type::VARCHAR, coalesce(csv_line, ''), coalesce(column_name, '') FROM ${sqlIdent(rej)}`,
      )
    )
      .getRowsJson()
      .map(([line, bytePosition, columnIndex, type, text, column]) => ({
        line: Number(line),
        bytePosition: Number(bytePosition),
        columnIndex: Number(columnIndex),
        type: String(type),
        text: String(text),
        column: String(column),
      })),
  );
  const rows = await count(db, into?.table ?? table);
  const quote = (read.quote ?? '"').charCodeAt(0);
  const rejectedRecords = new Set(rejected.map((r) => Number(r.line)));
  let lineScan: ReturnType<typeof mapLines> | null = null;
  const delimiter = (read.delimiter ?? ',').charCodeAt(0);
  const lines = () =>
    (lineScan ??= mapLines(path, { skip, rejected: rejectedRecords, quote, delimiter, width: cols.length }));
  let swallowedRows = 0;
  if (rejected.length > 0) {
    const scan = await lines();
    const at = scan.rejectedLine;
    const out: ImportIssue[] = [];
    for (const r of rejected) {
      const rec = r.line;
      const type = r.type;
      // After a CR LF, DuckDB's copy of the row starts with the LF; the row as the file shows it does not.
      const row = r.text.replace(/^[\r\n]+/, '');
      const line = at.get(rec) ?? rec;
      const inner = scan.swallowed.get(rec) ?? [];
      const end = scan.rejectedEnd.get(rec) ?? line;
      out.push({
        file: fileLabel,
        line,
        column: type === 'TOO MANY COLUMNS' || type === 'MISSING COLUMNS' ? '(row)' : columnLabel(r.column, names),
        value: row.split(/\r?\n|\r/, 1)[0]!.slice(0, 200),
        reason: runawayReason(line, end, inner.length, scan.unclosedQuote) ?? rejectReason(type) ?? type.toLowerCase(),
        action: 'row rejected',
      });
      // Every row a runaway quote swallowed is named, so none is lost without a line.
      for (const s of inner) {
        out.push({
          file: fileLabel,
          line: s.line,
          column: '(row)',
          value: s.text,
          reason: `inside the quoted field that starts on line ${line}: not read as a row`,
          action: 'row rejected',
        });
      }
      swallowedRows += inner.length;
    }
    await appendIssues(db, fileIdx, out);
  }
  return {
    table: into ? null : table,
    rows,
    rejected: rejectedRecords.size + swallowedRows,
    location: 'line',
    segments: async () => (await lines()).segments,
    ...(into
      ? {
          stageText: async (text: string) => {
            await write(
              `CREATE OR REPLACE TABLE ${sqlIdent(text)} AS SELECT * FROM ${reader(`${text}_again_rejects`, `${text}_again_scans`)}`,
            );
            await db.conn.run(
              `DROP TABLE ${sqlIdent(`${text}_again_rejects`)}; DROP TABLE ${sqlIdent(`${text}_again_scans`)}`,
            );
          },
        }
      : {}),
  };
}

/** DuckDB names a column c0, c1, …; the user knows it by its header. */
function columnLabel(duck: string, names: readonly string[]): string {
  const m = /^c(\d+)$/.exec(duck);
  return m ? (names[Number(m[1])] ?? duck) : duck || '(row)';
}

/** A rejected row running over several lines is a quote left open: say where it starts and how far it ran. */
function runawayReason(line: number, end: number, rows: number, unclosed: number | null): string | null {
  if (end <= line) return null;
  const eaten = rows > 0 ? ` (the ${rows} ${rows === 1 ? 'row' : 'rows'} below it are rejected with it)` : '';
  if (unclosed !== null && unclosed >= line && unclosed <= end)
    return `a quote opened on line ${unclosed} is never closed, so lines ${line}–${end} were read as one row${eaten}; fix or remove that quote and import again`;
  return `a quoted field runs from line ${line} to line ${end}, so they were read as one broken row${eaten}; check the quotes on line ${line}`;
}

async function stageNdjson(
  db: Database,
  path: string,
  fileIdx: number,
  fileLabel: string,
  cols: string[],
  table: string,
  poll: (run: Promise<unknown>) => Promise<unknown>,
): Promise<StagedFile> {
  const scan = await scanNdjson(path, db.tempDirectory, table);
  await appendIssues(
    db,
    fileIdx,
    scan.bad.map((b) => ({
      file: fileLabel,
      line: b.line,
      column: '(row)',
      value: b.text,
      reason: b.reason,
      action: 'row rejected' as const,
    })),
  );
  try {
    const staged = await stageOther(db, scan.path, { format: 'ndjson' }, cols, cols.length, table, poll, scan.records);
    return { ...staged, rejected: scan.bad.length, segments: async () => scan.segments, dispose: scan.dispose };
  } catch (err) {
    scan.dispose();
    throw err;
  }
}

async function stageOther(
  db: Database,
  path: string,
  read: ReadOptions,
  cols: string[],
  width: number,
  table: string,
  poll: (run: Promise<unknown>) => Promise<unknown>,
  records?: number,
): Promise<StagedFile> {
  const dispose = () => undefined;
  if (read.format === 'xlsx') {
    const sheet = await readWorkbookSheet(path, read.sheet);
    const below = sheet.rows.filter((r) => r.line > (read.skipRows ?? 0));
    const data = read.header === false ? below : below.slice(1);
    await db.conn.run(`CREATE OR REPLACE TABLE ${sqlIdent(table)} (${cols.map((c) => `${c} VARCHAR`).join(', ')})`);
    const app = await db.conn.createAppender(table);
    for (const r of data) {
      for (let i = 0; i < width; i++) {
        const v = r.cells[i];
        if (v === undefined || v === '') app.appendNull();
        else app.appendVarchar(v);
      }
      app.endRow();
    }
    app.flushSync();
    app.closeSync();
    const segments: LineSegment[] = [];
    data.forEach((r, k) => {
      if (segments.length === 0 || segments.at(-1)!.offset !== r.line - k)
        segments.push({ ordStart: k, offset: r.line - k });
    });
    return { table, rows: data.length, rejected: 0, location: 'row', segments: async () => segments, dispose };
  }
  // Parquet / JSON: typed by the file; staged as text so every format is validated the same way.
  // An NDJSON file with no record left is an empty table, not a DuckDB error.
  if (records === 0) {
    await db.conn.run(`CREATE OR REPLACE TABLE ${sqlIdent(table)} (${cols.map((c) => `${c} VARCHAR`).join(', ')})`);
    return { table, rows: 0, rejected: 0, location: 'line', segments: async () => [], dispose };
  }
  const source = readerSql(path, read);
  const names = (await db.conn.runAndReadAll(`SELECT * FROM ${source} LIMIT 0`)).columnNames();
  await db.conn.run('SET preserve_insertion_order = true');
  try {
    await poll(
      db.conn.run(
        `CREATE OR REPLACE TABLE ${sqlIdent(table)} AS SELECT ${cols.map((c, i) => (names[i] === undefined ? `NULL::VARCHAR AS ${c}` : `CAST(${sqlIdent(names[i]!)} AS VARCHAR) AS ${c}`)).join(', ')} FROM ${source}`,
      ),
    );
  } finally {
    await db.conn.run('SET preserve_insertion_order = false');
  }
  const rows = await count(db, table);
  return {
    table,
    rows,
    rejected: 0,
    location: read.format === 'ndjson' ? 'line' : read.format === 'parquet' ? 'row' : 'record',
    segments: async () => [{ ordStart: 0, offset: 1 }],
    dispose,
  };
}

async function count(db: Database, table: string): Promise<number> {
  const r = await db.conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${sqlIdent(table)}`);
  return Number(r.getColumns()[0]![0]);
}
