/**
 * Physical lines of a delimited file's records (engine/node/import/lineIndex.ts),
 * worked out by hand: blank lines move every later row down, a rejected record
 * keeps its own line, and a quoted field over several lines is one record.
 * Chunks without a quote or a carriage return take the native newline search,
 * so each case is also written past the reader's 1 MB chunks, blank lines and
 * quotes landing in different chunks.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapLines } from '../../engine/node/import/lineIndex.js';

const dir = mkdtempSync(join(tmpdir(), 'hsw-lines-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const query = (rejected: number[] = []) => ({
  skip: 1,
  rejected: new Set(rejected),
  quote: 34,
  delimiter: 44,
  width: 3,
});
/** The line of accepted row `ord` from the segments. */
const lineOf = (segments: { ordStart: number; offset: number }[], ord: number) =>
  ord + segments.filter((s) => s.ordStart <= ord).at(-1)!.offset;

describe('the line of each record', () => {
  it('moves rows after a blank line down by one, and keeps a rejected record on its own line', async () => {
    // line 1 header, 2 row 0, 3 blank, 4 row 1, 5 rejected (record 5), 6 blank, 7 blank, 8 row 2
    const path = write('small.csv', 'id,a,b\nA,1,2\n\nB,3,4\nC,5\n\n\nD,7,8\n');
    const a = await mapLines(path, query([5]));
    expect([0, 1, 2].map((ord) => lineOf(a.segments, ord))).toEqual([2, 4, 8]);
    expect(a.rejectedLine.get(5)).toBe(5);
    expect(a.rejectedEnd.get(5)).toBe(5);
    expect(a.unclosedQuote).toBeNull();
  });

  it('places rows past 1 MB chunks, with blank lines and a multi-line quoted field far into the file', async () => {
    // 100,000 rows of ~14 bytes (1.4 MB): blank lines after rows 50,000 and 80,000, row 70,001 a record the
    // reader rejected, and row 90,000 with a quoted field over two lines (one record, two lines).
    const out = ['id,a,b'];
    const accepted: number[] = []; // the physical line of each accepted row, by ordinal
    let rejected = 0;
    for (let r = 0; r < 100_000; r++) {
      const line = out.length + 1;
      if (r === 70_001) {
        out.push('BAD,row');
        rejected = line; // before the two-line field, DuckDB's record number is the line
        continue;
      }
      accepted.push(line);
      if (r === 90_000) out.push(`R${r},"x`, 'y",1');
      else out.push(`R${String(r).padStart(6, '0')},1,2`);
      if (r === 50_000 || r === 80_000) out.push('');
    }
    const a = await mapLines(write('large.csv', out.join('\n') + '\n'), query([rejected]));
    const got = accepted.map((_, ord) => lineOf(a.segments, ord));
    expect(got).toEqual(accepted);
    expect(rejected).toBe(70_004);
    expect(a.rejectedLine.get(rejected)).toBe(70_004);
    expect(a.rejectedEnd.get(rejected)).toBe(70_004);
    expect(a.unclosedQuote).toBeNull();
  });
});
