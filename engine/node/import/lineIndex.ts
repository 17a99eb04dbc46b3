/**
 * Physical line numbers for a delimited file read by DuckDB. DuckDB numbers
 * rejected rows by record (a quoted field with line breaks counts once) and
 * keeps accepted rows in file order without numbers; one quote-aware pass over
 * the bytes maps both to the line a person sees in an editor. Accepted rows
 * come back as a short list of offsets (they change only at blank lines,
 * multi-line fields and rejected rows), so millions of issues resolve in SQL.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export interface LineQuery {
  /** Leading records DuckDB skipped (the header). */
  skip: number;
  /** DuckDB record numbers (1-based, header and blank lines included) of rejected rows. */
  rejected: ReadonlySet<number>;
  quote: number;
}

/** Accepted row `ord` is on line `ord + offset` for the last segment with `ordStart <= ord`. */
export interface LineSegment {
  ordStart: number;
  offset: number;
}

export interface LineAnswer {
  rejectedLine: Map<number, number>;
  segments: LineSegment[];
}

export function mapLines(path: string, q: LineQuery): Promise<LineAnswer> {
  const rejectedLine = new Map<number, number>();
  const segments: LineSegment[] = [];
  let line = 1; // physical line of the current byte
  let recordStart = 1;
  let record = 1; // DuckDB record number of the current record
  let inQuote = false;
  let empty = true;
  let ordinal = 0;
  let prevCR = false;
  const endRecord = () => {
    if (record > q.skip && !empty) {
      if (q.rejected.has(record)) rejectedLine.set(record, recordStart);
      else {
        const offset = recordStart - ordinal;
        if (segments.length === 0 || segments.at(-1)!.offset !== offset) segments.push({ ordStart: ordinal, offset });
        ordinal++;
      }
    }
    record++;
    empty = true;
    recordStart = line;
  };
  return new Promise((ok, fail) => {
    const raw = createReadStream(path, { highWaterMark: 1 << 20 });
    const stream = /\.gz$/i.test(path) ? raw.pipe(createGunzip()) : raw;
    stream.on('data', (chunk: Buffer) => {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (b === q.quote) {
          inQuote = !inQuote;
          empty = false;
          prevCR = false;
          continue;
        }
        if (b === 10) {
          if (prevCR) {
            prevCR = false;
            continue;
          } // \r\n already ended the record
          line++;
          if (!inQuote) endRecord();
          continue;
        }
        if (b === 13) {
          line++;
          prevCR = true;
          if (!inQuote) endRecord();
          continue;
        }
        prevCR = false;
        empty = false;
      }
    });
    stream.on('close', () => {
      if (!empty) endRecord();
      ok({ rejectedLine, segments });
    });
    stream.on('error', fail);
  });
}
