/**
 * NDJSON one line at a time: DuckDB refuses a whole file for one malformed line
 * (and names a line one too high), so each line is parsed here first. Lines that
 * are not a JSON object become issues at their own line; the rest go to DuckDB in
 * a copy without them, and each kept record keeps its physical line.
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { LineSegment } from './lineIndex.js';

export interface BadLine {
  line: number;
  text: string;
  reason: string;
}

export interface NdjsonScan {
  /** The file to give DuckDB: the original when every line parsed, else a copy without the bad lines. */
  path: string;
  bad: BadLine[];
  /** Kept record `ord` is on line `ord + offset` (blank and bad lines shift it). */
  segments: LineSegment[];
  records: number;
  /** Remove the copy, if one was written. */
  dispose(): void;
}

function lineProblem(text: string): string | null {
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      return `not a JSON object (each line of an NDJSON file must be one record {…})`;
    return null;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return `not valid JSON (${msg.replace(/^JSON\.parse: /, '').split('\n')[0]})`;
  }
}

// A function declaration, not an arrow constant: Stryker switches its mutants per test.
function lineStream(path: string) {
  const raw = createReadStream(path);
  return createInterface({ input: /\.gz$/i.test(path) ? raw.pipe(createGunzip()) : raw, crlfDelay: Infinity });
}

/** Scan every line (or the first `maxLines`); write a clean copy into `dir` only when some line is bad. */
export async function scanNdjson(path: string, dir: string, name: string, maxLines = Infinity): Promise<NdjsonScan> {
  const bad: BadLine[] = [];
  let lineNo = 0;
  for await (const text of lineStream(path)) {
    lineNo++;
    if (lineNo > maxLines) break;
    if (text.trim() === '') continue;
    const reason = lineProblem(text);
    if (reason) bad.push({ line: lineNo, text: text.slice(0, 200), reason });
  }
  const badLines = new Set(bad.map((b) => b.line));
  const segments: LineSegment[] = [];
  let records = 0;
  let out: ReturnType<typeof createWriteStream> | null = null;
  const copy = join(dir, `${name}.clean.ndjson`);
  if (bad.length > 0) out = createWriteStream(copy);
  lineNo = 0;
  for await (const text of lineStream(path)) {
    lineNo++;
    if (lineNo > maxLines) break;
    if (text.trim() === '' || badLines.has(lineNo)) continue;
    const offset = lineNo - records;
    if (segments.length === 0 || segments.at(-1)!.offset !== offset) segments.push({ ordStart: records, offset });
    records++;
    if (out && !out.write(`${text}\n`)) await new Promise<void>((r) => out!.once('drain', () => r()));
  }
  if (out) await new Promise<void>((ok, fail) => out!.end((err?: Error | null) => (err ? fail(err) : ok())));
  return {
    path: out ? copy : path,
    bad,
    segments,
    records,
    dispose: () => {
      if (out) rmSync(copy, { force: true });
    },
  };
}
