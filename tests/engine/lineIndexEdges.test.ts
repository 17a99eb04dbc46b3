/**
 * The physical lines of a delimited file's records (engine/node/import/lineIndex.ts)
 * where line endings, quotes and the reader's 1 MiB chunks make them hard: CR LF
 * and lone CR, escaped quotes inside a multi-line field, a quote in the middle of
 * a field (text, as DuckDB reads it), a quote never closed and the rows it
 * swallowed, and each of these across a chunk boundary. Every expected line is
 * counted from the text written here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapLines, type LineQuery, type LineSegment } from '../../engine/node/import/lineIndex.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hsw-line-edges-'));
});
const write = (name: string, bytes: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const query = (rejected: number[] = [], over: Partial<LineQuery> = {}): LineQuery => ({
  skip: 1,
  rejected: new Set(rejected),
  quote: 34,
  delimiter: 44,
  width: 3,
  ...over,
});
/** The line of accepted row `ord` from the segments. */
const lineOf = (segments: LineSegment[], ord: number) => ord + segments.filter((s) => s.ordStart <= ord).at(-1)!.offset;
const linesOf = (segments: LineSegment[], rows: number) =>
  Array.from({ length: rows }, (_, ord) => lineOf(segments, ord));

describe('line endings', () => {
  it('counts CR LF as one line break, and a blank CR LF line as a line', async () => {
    // 1 header, 2 A, 3 blank, 4 B, 5 C (rejected: record 5, blank line included), 6 D
    const path = write('crlf.csv', 'id,a,b\r\nA,1,2\r\n\r\nB,3,4\r\nC,5\r\nD,7,8\r\n');
    const a = await mapLines(path, query([5]));
    expect(linesOf(a.segments, 3)).toEqual([2, 4, 6]);
    expect(a.segments).toEqual([
      { ordStart: 0, offset: 2 },
      { ordStart: 1, offset: 3 },
      { ordStart: 2, offset: 4 }, // the rejected row moves D down
    ]);
    expect([a.rejectedLine.get(5), a.rejectedEnd.get(5)]).toEqual([5, 5]);
    expect(a.swallowed.size).toBe(0); // a one-line rejected record swallowed nothing
    expect(a.unclosedQuote).toBeNull();
  });

  it('counts an LF-only blank line after a CR LF line as a line (endings mixed)', async () => {
    // 1 header, 2 A (CR LF), 3 blank (LF alone), 4 B
    const a = await mapLines(write('crlf-lf.csv', 'id,a,b\r\nA,1,2\r\n\nB,3,4\r\n'), query());
    expect(linesOf(a.segments, 2)).toEqual([2, 4]);
  });

  it('keeps CRs out of a swallowed line’s text, and blank CR LF lines out of a record’s last line', async () => {
    // 1 header, 2 A, 3 B opens a quote never closed: lines 3–5, 5 blank; C on line 4 looks like a row.
    const a = await mapLines(write('unclosed-crlf.csv', 'id,a,b\r\nA,1,2\r\nB,"x,3\r\nC,5,6\r\n\r\n'), query([3]));
    expect(a.swallowed.get(3)).toEqual([{ line: 4, text: 'C,5,6' }]);
    expect(a.rejectedEnd.get(3)).toBe(4);
  });

  it('counts a lone CR (classic Mac) as a line break', async () => {
    const a = await mapLines(write('cr.csv', 'id,a,b\rA,1,2\r\rB,3,4\r'), query());
    expect(linesOf(a.segments, 2)).toEqual([2, 4]);
  });

  it('reads a last row with no line break after it', async () => {
    // Without a quote or CR the file takes the native newline search; with a CR, the byte loop.
    const lf = await mapLines(write('no-eol.csv', 'id,a,b\nA,1,2\nB,3,4'), query([3]));
    expect([lf.rejectedLine.get(3), lf.rejectedEnd.get(3)]).toEqual([3, 3]);
    const cr = await mapLines(write('no-eol-cr.csv', 'id,a,b\r\nA,1,2\r\nB,3,4'), query([3]));
    expect([cr.rejectedLine.get(3), cr.rejectedEnd.get(3)]).toEqual([3, 3]);
  });

  it('numbers records from the first line when nothing is skipped (no header)', async () => {
    const a = await mapLines(write('no-header.csv', 'A,1,2\n\nB,3,4\r\nC,5\r\n'), query([4], { skip: 0 }));
    expect(linesOf(a.segments, 2)).toEqual([1, 3]);
    expect(a.rejectedLine.get(4)).toBe(4);
    // A blank first line is record 1 and no row: A is on line 2.
    const blank = await mapLines(write('blank-first.csv', '\nA,1,2\nB,3,4\n'), query([], { skip: 0 }));
    expect(linesOf(blank.segments, 2)).toEqual([2, 3]);
    // The first record itself rejected: a quote on line 1 never closes (lines 1–3).
    const first = await mapLines(write('first-open.csv', '"A,1,2\nB,3,4\nC,5\n'), query([1], { skip: 0 }));
    expect([first.rejectedLine.get(1), first.rejectedEnd.get(1), first.unclosedQuote]).toEqual([1, 3, 1]);
    expect(first.swallowed.get(1)).toEqual([{ line: 2, text: 'B,3,4' }]);
    expect(first.segments).toEqual([]);
  });

  it('keeps the first field of the file quoted over two lines one header', async () => {
    // 1–2 the header ("Account⏎ID",a,b), 3 A, 4 B
    const a = await mapLines(write('quoted-header.csv', '"Account\nID",a,b\nA,1,2\nB,3,4\n'), query());
    expect(a.segments).toEqual([{ ordStart: 0, offset: 3 }]);
  });

  it('reads a gzip-compressed file (.gz in any case), and a file with .gz inside its name as text', async () => {
    for (const name of ['small.csv.gz', 'SMALL.CSV.GZ']) {
      const a = await mapLines(write(name, gzipSync('id,a,b\nA,1,2\n\nB,3,4\n')), query());
      expect(linesOf(a.segments, 2)).toEqual([2, 4]);
    }
    const plain = await mapLines(write('export.gz.csv', 'id,a,b\nA,1,2\n\nB,3,4\n'), query());
    expect(linesOf(plain.segments, 2)).toEqual([2, 4]);
  });

  it('fails when the file cannot be read', async () => {
    await expect(mapLines(join(dir, 'missing.csv'), query())).rejects.toThrow(/ENOENT/);
  });
});

describe('quotes', () => {
  it('keeps a multi-line field one record, also past an escaped quote ("") before its line break', async () => {
    // 1 header, 2–3 A (the field `x "q"⏎y`), 4 B (its line ends with a closing quote), 5–7 C (CR LF inside
    // quotes), 8 D
    const text = 'id,a,b\nA,"x ""q""\ny",2\nB,3,"4"\nC,"m\r\n\r\nn",5\nD,7,8\n';
    const a = await mapLines(write('escaped.csv', text), query());
    expect(linesOf(a.segments, 4)).toEqual([2, 4, 5, 8]);
    expect(a.unclosedQuote).toBeNull();
  });

  it('opens a quoted field at the start of a line, after a delimiter and after a CR, not in the middle of a field', async () => {
    // 1 header, 2–3 A (quote at line start), 4 B (x"y is text), 5–6 C (quote after the delimiter, CR LF),
    // 7–8 E (quote after a lone CR), 9 F
    const text = 'id,a,b\n"A\nA",1,2\nB,x"y,3\r\nC,"c\r\nd",4\r"E\nE",5,6\nF,7,8\n';
    const a = await mapLines(write('quote-places.csv', text), query());
    expect(linesOf(a.segments, 5)).toEqual([2, 4, 5, 7, 9]);
    expect(a.unclosedQuote).toBeNull();
  });

  it('counts a line of only a quoted empty field as a record (DuckDB rejects it: too few fields)', async () => {
    const a = await mapLines(write('quotes-only.csv', 'id,a,b\nA,1,2\n""\nB,3,4\n'), query([3]));
    expect(a.rejectedLine.get(3)).toBe(3);
    expect(linesOf(a.segments, 2)).toEqual([2, 4]);
  });

  it('gives the line a never-closed quote opened on, and the rows it swallowed', async () => {
    // 1 header, 2 A, 3 B opens a quote that never closes: record 3 runs to the end (lines 3–8).
    // Line 4 has a row's worth of delimiters (2 for 3 columns), line 5 only one, 6 is blank, 7 has three,
    // 8 is blank: the record's last line with content is 7.
    const text = 'id,a,b\nA,1,2\nB,"x,3\nC,5,6\nD,7\n\nE,8,9,0\n\n';
    const a = await mapLines(write('unclosed.csv', text), query([3]));
    expect(a.unclosedQuote).toBe(3);
    expect(a.rejectedLine.get(3)).toBe(3);
    expect(a.rejectedEnd.get(3)).toBe(7);
    expect(a.swallowed.get(3)).toEqual([
      { line: 4, text: 'C,5,6' },
      { line: 7, text: 'E,8,9,0' },
    ]);
    expect(linesOf(a.segments, 1)).toEqual([2]);
  });

  it('keeps a swallowed line’s first 200 bytes, read as UTF-8, and counts one delimiter a row when there is one column', async () => {
    // 1 header, 2 A, 3 B opens a quote that never closes; line 4 is 304 bytes, line 5 has no delimiter.
    const text = `id\nA\n"B\nZoë,${'x'.repeat(300)}\nno delimiter\n`;
    const a = await mapLines(write('wide-line.csv', text), query([3], { width: 1 }));
    // Z, o, ë (two bytes) and the comma are 5 bytes: 195 x's make 200.
    expect(a.swallowed.get(3)).toEqual([{ line: 4, text: `Zoë,${'x'.repeat(195)}` }]);
  });

  it('reports no quote open when a rejected record closed its quote', async () => {
    // 1 header, 2–4 A: a quote closed on line 4, one broken row (rejected); 5 B
    const a = await mapLines(write('closed-later.csv', 'id,a,b\nA,"x\nC,5,6\nD",2\nB,3,4\n'), query([2]));
    expect(a.unclosedQuote).toBeNull();
    expect([a.rejectedLine.get(2), a.rejectedEnd.get(2)]).toEqual([2, 4]);
    expect(a.swallowed.get(2)).toEqual([{ line: 3, text: 'C,5,6' }]);
    expect(linesOf(a.segments, 1)).toEqual([5]);
  });
});

describe('at the reader’s 1 MiB chunk boundary', () => {
  const MIB = 1 << 20;
  /** Accepted rows "R,…,2⏎" filling exactly n bytes (n ≥ 5), and how many there are. */
  function filler(n: number): { text: string; rows: number } {
    const full = Math.floor((n - 5) / 6); // "R,1,2⏎" is 6 bytes; the first row takes the 5 to 10 left over
    const first = n - 6 * full;
    return { text: `R,${'x'.repeat(first - 5)},2\n` + 'R,1,2\n'.repeat(full), rows: full + 1 };
  }
  const HEADER = 'id,a,b\n';
  /** A file whose first chunk is the header, filler rows and `end`, exactly 1 MiB; then `next`. */
  function across(name: string, end: string, next: string) {
    const f = filler(MIB - HEADER.length - end.length);
    const text = HEADER + f.text + end;
    expect(Buffer.byteLength(text)).toBe(MIB);
    return { path: write(name, text + next), f: f.rows };
  }

  it('counts a CR LF split between two chunks once', async () => {
    // Lines: 1 header, 2…f+1 filler, f+2 A (its CR the chunk's last byte), f+3 B, f+4 C (rejected).
    const { path, f } = across('split-crlf.csv', 'A,1,2\r', '\nB,3,4\nC,5\n');
    const a = await mapLines(path, query([f + 4]));
    expect(a.segments).toEqual([{ ordStart: 0, offset: 2 }]);
    expect(a.rejectedLine.get(f + 4)).toBe(f + 4);
  });

  it('ends a row at a line break that starts the next chunk', async () => {
    // f+2 C is rejected and split: "C,5" ends the first chunk, its LF starts the next; f+3 D.
    const lf = across('lf-starts-chunk.csv', 'C,5', '\nD,7,8\n');
    const a = await mapLines(lf.path, query([lf.f + 2]));
    expect([a.rejectedLine.get(lf.f + 2), a.rejectedEnd.get(lf.f + 2)]).toEqual([lf.f + 2, lf.f + 2]);
    expect(a.segments).toEqual([
      { ordStart: 0, offset: 2 },
      { ordStart: lf.f, offset: 3 },
    ]);
    // The same with lone CRs (classic Mac line ends after the first chunk): f+2 A, f+3 B, f+4 C (rejected).
    const cr = across('cr-starts-chunk.csv', 'A,1,2', '\rB,3,4\rC,5\r');
    const b = await mapLines(cr.path, query([cr.f + 4]));
    expect(b.rejectedLine.get(cr.f + 4)).toBe(cr.f + 4);
    expect(b.segments).toEqual([{ ordStart: 0, offset: 2 }]);
  });

  it('counts a blank line that starts the next chunk as a line, not a row', async () => {
    // The first chunk ends with a line break; f+2 is blank, f+3 B.
    const { path, f } = across('blank-starts-chunk.csv', '', '\nB,3,4\n');
    const a = await mapLines(path, query());
    expect(a.segments).toEqual([
      { ordStart: 0, offset: 2 },
      { ordStart: f, offset: 3 },
    ]);
  });

  it('opens a quote that starts the next chunk after a line break or a delimiter', async () => {
    // After a line break: f+2–f+3 B (quoted), f+4 C.
    const nl = across('quote-after-nl.csv', '', '"B\nB",1,2\nC,3,4\n');
    const a = await mapLines(nl.path, query());
    expect(a.segments).toEqual([
      { ordStart: 0, offset: 2 },
      { ordStart: nl.f + 1, offset: 3 },
    ]);
    // After a delimiter: f+2–f+3 C (its second field quoted), f+4 D.
    const delim = across('quote-after-delim.csv', 'C,', '"x\ny",2\nD,3,4\n');
    const b = await mapLines(delim.path, query());
    expect(b.segments).toEqual([
      { ordStart: 0, offset: 2 },
      { ordStart: delim.f + 1, offset: 3 },
    ]);
  });

  it('keeps a quote that starts the next chunk in the middle of a field as text', async () => {
    // f+2 D (its field is ab"cd), f+3 E: no quote opened.
    const { path } = across('quote-mid-field.csv', 'D,ab', '"cd,2\nE,1,2\n');
    const a = await mapLines(path, query());
    expect(a.unclosedQuote).toBeNull();
    expect(a.segments).toEqual([{ ordStart: 0, offset: 2 }]);
  });

  it('keeps a quote open into a next chunk that has no quote', async () => {
    // f+2 Q opens a quote in the first chunk; it never closes, so record f+2 runs to line f+4.
    const { path, f } = across('open-into-next.csv', 'Q,"a', '\nR,1,2\nS,3,4\n');
    const a = await mapLines(path, query([f + 2]));
    expect(a.unclosedQuote).toBe(f + 2);
    expect([a.rejectedLine.get(f + 2), a.rejectedEnd.get(f + 2)]).toEqual([f + 2, f + 4]);
    expect(a.swallowed.get(f + 2)).toEqual([
      { line: f + 3, text: 'R,1,2' },
      { line: f + 4, text: 'S,3,4' },
    ]);
  });
});
