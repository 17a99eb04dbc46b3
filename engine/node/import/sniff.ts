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
import { columnNames, parseDelimited, sniffDelimiter, sniffHeader } from '../../core/import/csvHead.js';
import { readWorkbookSheet, sheetNames } from './xlsx.js';
import { decodeHead } from './transcode.js';

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
      s.on('close', () => ok(Buffer.concat(chunks).subarray(0, HEAD_BYTES)));
      s.on('error', fail);
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
  const n = name.toLowerCase().replace(/\.gz$/, '');
  if (n.endsWith('.parquet') || n.endsWith('.pq')) return 'parquet';
  if (n.endsWith('.xlsx') || n.endsWith('.xlsm')) return 'xlsx';
  if (n.endsWith('.ndjson') || n.endsWith('.jsonl')) return 'ndjson';
  if (n.endsWith('.csv') || n.endsWith('.tsv') || n.endsWith('.txt')) return 'csv';
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
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
  if (format === 'csv') {
    const encoding = given.encoding ?? detectEncoding(head);
    const text = decodeHead(head, encoding);
    // The last line of the head may be cut: leave it out unless the head is the whole file.
    const whole = head.length < HEAD_BYTES;
    const usable = whole ? text : text.slice(0, Math.max(text.lastIndexOf('\n'), 0));
    const delimiter = given.delimiter ?? sniffDelimiter(usable, /\.tsv(\.gz)?$/i.test(path));
    const quote = given.quote ?? '"';
    const rows = parseDelimited(usable, delimiter, quote, 200);
    const header = given.header ?? sniffHeader(rows);
    const width = header && rows[0] ? rows[0].length : modeLength(rows.slice(0, 100).map((r) => r.length));
    const names = columnNames(header ? rows[0]! : null, width);
    return {
      read: { format, encoding, delimiter, quote, header },
      columns: profile(names, header ? rows.slice(1) : rows),
    };
  }
  if (format === 'xlsx') {
    const sheets = await sheetNames(path);
    const sheet = given.sheet ?? sheets[0];
    const data = await readWorkbookSheet(path, sheet);
    const header = given.header ?? sniffHeader(data.rows.slice(0, 2).map((r) => r.cells));
    const width = Math.max(0, ...data.rows.slice(0, 100).map((r) => r.cells.length));
    const names = columnNames(header ? (data.rows[0]?.cells ?? null) : null, width);
    return {
      read: { format, sheet, header },
      columns: profile(
        names,
        (header ? data.rows.slice(1) : data.rows).map((r) => r.cells),
      ),
      sheets,
    };
  }
  const source = readerSql(path, { format });
  const r = await db.conn.runAndReadAll(`SELECT * FROM ${source} LIMIT ${SAMPLES}`);
  const names = r.columnNames();
  const rows = r
    .getRowsJson()
    .map((row) => row.map((v) => (v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v))));
  return { read: { format }, columns: profile(names, rows) };
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
