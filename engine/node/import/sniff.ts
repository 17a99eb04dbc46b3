/**
 * Work out how to read a file (format, encoding, delimiter, header, sheet)
 * and profile its columns, without reading it all.
 */
import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { basename } from 'node:path';
import type { Database } from '../data/duckdb.js';
import { sqlString } from '../data/duckdb.js';
import type { ColumnProfile, ReadOptions } from '../../core/api/importSchema.js';
import { columnNames, parseDelimited, preambleRows, sniffDelimiter, sniffHeader } from '../../core/import/csvHead.js';
import { readWorkbookSheet, sheetNames, type SheetRows } from './xlsx.js';
import { decodeHead } from './transcode.js';
import { checkText, FileProblem, gzipTruncation, MAX_COLUMNS, tooWide, truncatedGzip } from './fileProblems.js';
import { scanNdjson } from './ndjsonLines.js';

const HEAD_BYTES = 256 * 1024;
const SAMPLES = 20;

async function readHead(path: string): Promise<Buffer> {
  if (/\.gz$/i.test(path)) {
    return new Promise((ok, fail) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const s = createReadStream(path).pipe(createGunzip());
      s.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (size >= HEAD_BYTES) s.destroy();
      });
      let failed = false;
      // 'close' follows 'error' at once, before the truncation check answers: a cut file must not resolve first.
      s.on('close', () => {
        if (!failed) ok(Buffer.concat(chunks).subarray(0, HEAD_BYTES));
      });
      s.on('error', (err) => {
        failed = true;
        void gzipTruncation(path).then((t) => fail(t ? truncatedGzip(path, t.lines, true) : err));
      });
    });
  }
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Format from the extension, or from the first bytes when the extension says nothing. */
export function detectFormat(name: string, head: Buffer): ReadOptions['format'] {
  // The bytes outrank the name: a workbook saved as "accounts.csv" is still a workbook.
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  const n = name.toLowerCase().replace(/\.gz$/, '');
  if (n.endsWith('.parquet') || n.endsWith('.pq')) return 'parquet';
  if (n.endsWith('.xlsx') || n.endsWith('.xlsm')) return 'xlsx';
  if (n.endsWith('.ndjson') || n.endsWith('.jsonl')) return 'ndjson';
  if (n.endsWith('.csv') || n.endsWith('.tsv') || n.endsWith('.txt')) return 'csv';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  const text = head.toString('utf8').trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) {
    const firstLine = text.split(/\r?\n/, 1)[0]!;
    try {
      JSON.parse(firstLine);
      return 'ndjson';
    } catch {
      return 'json';
    }
  }
  return 'csv';
}

/**
 * The encoding of a delimited file from its first bytes: a byte-order mark; UTF-16
 * without one (every other byte zero, as ASCII text in UTF-16 is); UTF-8 when the
 * head decodes as UTF-8 (a multi-byte character cut at the end is fine); else
 * Windows-1252, what Excel and most Western tools write for "ANSI" (a superset of
 * Latin-1's printable characters with €, curly quotes and dashes).
 */
export function detectEncoding(head: Buffer): NonNullable<ReadOptions['encoding']> {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(head.length >> 1, 4096);
  if (pairs >= 4) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenZero++;
      if (head[2 * i + 1] === 0) oddZero++;
    }
    if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
    if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  }
  let end = head.length;
  // Drop a possibly truncated multi-byte sequence at the end of the head.
  for (let k = 0; k < 3 && end > 0 && (head[end - 1]! & 0xc0) === 0x80; k++) end--;
  if (end > 0 && head[end - 1]! >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The most common row length: ragged rows must not decide how many columns a file has. */
function modeLength(lengths: number[]): number {
  const counts = new Map<number, number>();
  for (const l of lengths) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best = 0;
  let bestN = 0;
  for (const [l, n] of counts)
    if (n > bestN || (n === bestN && l > best)) {
      best = l;
      bestN = n;
    }
  return best;
}

function profile(names: string[], rows: readonly (readonly string[])[]): ColumnProfile[] {
  return names.map((name, i) => ({ name, samples: rows.slice(0, SAMPLES).map((r) => r[i] ?? '') }));
}

export interface SniffResult {
  read: ReadOptions;
  columns: ColumnProfile[];
  sheets?: string[];
}

/** Sniff a file; options given override what would be detected (e.g. header: false). */
export async function sniffFile(db: Database, path: string, given: Partial<ReadOptions> = {}): Promise<SniffResult> {
  const head = await readHead(path);
  const format = given.format ?? detectFormat(basename(path), head);
  const out =
    format === 'csv'
      ? sniffCsv(path, head, given)
      : format === 'xlsx'
        ? await sniffXlsx(path, given)
        : await sniffTyped(db, path, head, format);
  if (given.datePattern !== undefined) out.read.datePattern = given.datePattern;
  return out;
}

function sniffCsv(path: string, head: Buffer, given: Partial<ReadOptions>): SniffResult {
  const format = 'csv';
  const encoding = given.encoding ?? detectEncoding(head);
  const text = decodeHead(head, encoding);
  checkText(path, head, text);
  // The last line of the head may be cut: leave it out unless the head is the whole file.
  const whole = head.length < HEAD_BYTES;
  const cut = text.lastIndexOf('\n');
  const usable = whole ? text : text.slice(0, Math.max(cut, 0));
  // No whole line with content in the head (none, or only blank lines before the first break): one line too long.
  if (!whole && usable.trim() === '') throw tooWide(path, text.split(/[,;\t|]/).length);
  const delimiter = given.delimiter ?? sniffDelimiter(usable, /\.tsv(\.gz)?$/i.test(path));
  const quote = given.quote ?? '"';
  const starts: number[] = [];
  const all = parseDelimited(usable, delimiter, quote, 200, starts);
  // Rows above the header: what the user said, else what a report's title lines look like.
  const skipRows = given.skipRows ?? (starts[preambleRows(all)] ?? 1) - 1;
  const first = starts.findIndex((l) => l > skipRows);
  const rows = first < 0 ? [] : all.slice(first);
  const header = given.header ?? sniffHeader(rows);
  const width = header && rows[0] ? rows[0].length : modeLength(rows.slice(0, 100).map((r) => r.length));
  if (width > MAX_COLUMNS) throw tooWide(path, width);
  const names = columnNames(header ? rows[0]! : null, width);
  return {
    read: { format, encoding, delimiter, quote, header, ...(skipRows > 0 ? { skipRows } : {}) },
    columns: profile(names, header ? rows.slice(1) : rows),
  };
}

/** The sheet to read: the one asked for (which must exist), else the first with any rows. */
async function chooseSheet(
  path: string,
  given?: string,
): Promise<{ sheet: string; data: SheetRows; sheets: string[] }> {
  const file = basename(path);
  const sheets = await sheetNames(path);
  if (given !== undefined) {
    if (!sheets.includes(given))
      throw new FileProblem(
        file,
        `has no sheet named "${given}"; its sheets are ${sheets.map((s) => `"${s}"`).join(', ')}.`,
      );
    return { sheet: given, data: await readWorkbookSheet(path, given), sheets };
  }
  for (const sheet of sheets) {
    const data = await readWorkbookSheet(path, sheet);
    if (data.rows.length > 0) return { sheet, data, sheets };
  }
  throw new FileProblem(
    file,
    'has no rows in any sheet: export the data again, or check you picked the right workbook.',
  );
}

async function sniffXlsx(path: string, given: Partial<ReadOptions>): Promise<SniffResult> {
  const { sheet, data, sheets } = await chooseSheet(path, given.sheet);
  const cells = data.rows.slice(0, 200).map((r) => r.cells);
  const skipRows = given.skipRows ?? (data.rows[preambleRows(cells)]?.line ?? 1) - 1;
  const rows = data.rows.filter((r) => r.line > skipRows);
  const header = given.header ?? sniffHeader(rows.slice(0, 20).map((r) => r.cells));
  const width = Math.max(0, ...rows.slice(0, 100).map((r) => r.cells.length));
  if (width > MAX_COLUMNS) throw tooWide(path, width);
  const names = columnNames(header ? (rows[0]?.cells ?? null) : null, width);
  return {
    read: { format: 'xlsx', sheet, header, ...(skipRows > 0 ? { skipRows } : {}) },
    columns: profile(
      names,
      (header ? rows.slice(1) : rows).map((r) => r.cells),
    ),
    sheets,
  };
}

async function sniffTyped(
  db: Database,
  path: string,
  head: Buffer,
  format: ReadOptions['format'],
): Promise<SniffResult> {
  const file = basename(path);
  if (format !== 'parquet') checkText(path, head, head.toString('utf8'));
  else if (head.length === 0)
    throw new FileProblem(file, 'is empty (0 bytes): export it again, or leave it out of this import.');
  if (format === 'json' && head.toString('utf8').trimStart().startsWith('{'))
    throw new FileProblem(file, jsonObjectProblem(head.toString('utf8')));
  let source = path;
  let scan: Awaited<ReturnType<typeof scanNdjson>> | null = null;
  if (format === 'ndjson') {
    // Malformed lines are left out of the sample (the import reports each one).
    scan = await scanNdjson(path, db.tempDirectory, `sniff-${Date.now()}`, 2000);
    source = scan.path;
    if (scan.records === 0 && scan.bad.length > 0) {
      // Thrown before the try below: its finally would not remove the copy.
      scan.dispose();
      throw new FileProblem(
        file,
        `has no valid JSON record in its first ${scan.bad.length} lines (line ${scan.bad[0]!.line}: ${scan.bad[0]!.reason}); check that it is NDJSON, one object per line.`,
      );
    }
  }
  try {
    const r = await db.conn.runAndReadAll(`SELECT * FROM ${readerSql(source, { format })} LIMIT ${SAMPLES}`);
    const names = r.columnNames();
    if (names.length > MAX_COLUMNS) throw tooWide(path, names.length);
    const rows = r
      .getRowsJson()
      .map((row) => row.map((v) => (v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v))));
    if (format === 'ndjson' && rows.length === 1 && names.length === 1 && rows[0]![0]!.startsWith('[{'))
      throw new FileProblem(file, jsonObjectProblem(head.toString('utf8')));
    return { read: { format }, columns: profile(names, rows) };
  } catch (err) {
    if (err instanceof FileProblem) throw err;
    const why = (err instanceof Error ? err.message.split('\n')[0]! : String(err)).replaceAll(path, file);
    throw new FileProblem(
      file,
      `cannot be read as ${format === 'parquet' ? 'Parquet' : format === 'json' ? 'a JSON array' : 'NDJSON'} (${why}); check that the file is complete and its extension says what it holds.`,
    );
  } finally {
    scan?.dispose();
  }
}

/** A JSON file holding one object: say where its records seem to be. */
function jsonObjectProblem(text: string): string {
  const key = /^\s*\{\s*"([^"]{1,60})"\s*:\s*\[/.exec(text)?.[1];
  return (
    'holds one JSON object, not an array of records' +
    (key ? ` (the records seem to be in its "${key}" list)` : '') +
    ': export the records as an array [{…}, {…}] or as NDJSON (one object per line).'
  );
}

/** DuckDB table function reading a Parquet or JSON file. */
export function readerSql(path: string, read: Pick<ReadOptions, 'format'>): string {
  switch (read.format) {
    case 'parquet':
      return `read_parquet(${sqlString(path)})`;
    case 'ndjson':
      return `read_json(${sqlString(path)}, format = 'newline_delimited', sample_size = -1)`;
    case 'json':
      return `read_json(${sqlString(path)}, format = 'array', sample_size = -1)`;
    default:
      throw new Error(`no table function for ${read.format}`);
  }
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
