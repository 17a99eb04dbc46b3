/**
 * NDJSON checked line by line before DuckDB reads it (engine/node/import/ndjsonLines.ts):
 * a line that is not one JSON object is an issue at its own line, the rest go
 * to DuckDB in a copy without it, and each kept record keeps its physical line.
 * Every expectation is worked out from the lines written here.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanNdjson } from '../../engine/node/import/ndjsonLines.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hsw-ndjson-'));
});
const write = (name: string, bytes: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

const NOT_OBJECT = 'not a JSON object (each line of an NDJSON file must be one record {…})';

// Lines 1, 4 and 8 are records; 2 is blank, 6 only spaces; 3, 5, 7 and 9 are not one object each.
const MIXED = [
  '{"id":"A-1"}', // 1
  '', //              2
  '[1,2]', //         3 an array
  '{"id":"A-2"}', // 4
  '{bad', //          5 not JSON
  '   ', //           6 blank
  'null', //          7
  '{"id":"A-3"}', // 8
  '"text"', //        9 a string
];

describe('an NDJSON file scanned line by line', () => {
  it('keeps the original file when every line is an object, blank lines shifting the records', async () => {
    const path = write('clean.ndjson', '{"a":1}\n{"a":2}\n\n{"a":3}\n');
    const scan = await scanNdjson(path, dir, 'clean');
    expect(scan.path).toBe(path);
    expect(scan.bad).toEqual([]);
    expect(scan.records).toBe(3);
    // Records 0 and 1 on lines 1 and 2 (offset 1), record 2 on line 4 (offset 2).
    expect(scan.segments).toEqual([
      { ordStart: 0, offset: 1 },
      { ordStart: 2, offset: 2 },
    ]);
    expect(existsSync(join(dir, 'clean.clean.ndjson'))).toBe(false);
  });

  it('names each line that is not one object, at its own line, and gives DuckDB a copy without them', async () => {
    const path = write('mixed.ndjson', MIXED.join('\n') + '\n');
    const scan = await scanNdjson(path, dir, 'mixed');
    expect(scan.bad.map((b) => [b.line, b.text])).toEqual([
      [3, '[1,2]'],
      [5, '{bad'],
      [7, 'null'],
      [9, '"text"'],
    ]);
    expect(scan.bad[0]!.reason).toBe(NOT_OBJECT);
    expect(scan.bad[2]!.reason).toBe(NOT_OBJECT);
    expect(scan.bad[3]!.reason).toBe(NOT_OBJECT);
    // V8's own sentence, on one line, inside the brackets.
    expect(scan.bad[1]!.reason).toMatch(/^not valid JSON \(Expected property name or '\}' in JSON at position 1\b/);
    expect(scan.path).toBe(join(dir, 'mixed.clean.ndjson'));
    expect(readFileSync(scan.path, 'utf8')).toBe('{"id":"A-1"}\n{"id":"A-2"}\n{"id":"A-3"}\n');
    expect(scan.records).toBe(3);
    // Record 0 on line 1, record 1 on line 4, record 2 on line 8.
    expect(scan.segments).toEqual([
      { ordStart: 0, offset: 1 },
      { ordStart: 1, offset: 3 },
      { ordStart: 2, offset: 6 },
    ]);
    scan.dispose();
    expect(existsSync(scan.path)).toBe(false);
    expect(existsSync(path)).toBe(true);
  });

  it('quotes the parser’s sentence as it is, also when it quotes the line back', async () => {
    // V8 repeats the text it could not read; words in it that look like a parser's prefix stay.
    const scan = await scanNdjson(write('prefix.ndjson', 'JSON.parse: x\n'), dir, 'prefix');
    expect(scan.bad[0]!.reason).toBe('not valid JSON (Unexpected token \'J\', "JSON.parse: x" is not valid JSON)');
    scan.dispose();
  });

  it('removes its copy once, and only its own', async () => {
    const bad = await scanNdjson(write('shared.ndjson', '{"a":1}\n[]\n'), dir, 'shared');
    const clean = await scanNdjson(write('shared-clean.ndjson', '{"a":1}\n'), dir, 'shared');
    clean.dispose(); // it wrote no copy: the other scan's copy, of the same name, stays
    expect(existsSync(bad.path)).toBe(true);
    bad.dispose();
    expect(existsSync(bad.path)).toBe(false);
    expect(() => bad.dispose()).not.toThrow();
  });

  it('writes a copy larger than the write buffer whole', async () => {
    // 20,000 records of 12 to 16 bytes (about 300 KB, past the stream's 16 KiB buffer) after one bad line.
    const records = Array.from({ length: 20_000 }, (_, i) => `{"id":"${i}"}`);
    const scan = await scanNdjson(write('big.ndjson', ['oops', ...records].join('\n') + '\n'), dir, 'big');
    expect(scan.bad.map((b) => b.line)).toEqual([1]);
    expect(scan.records).toBe(20_000);
    expect(scan.segments).toEqual([{ ordStart: 0, offset: 2 }]);
    expect(readFileSync(scan.path, 'utf8')).toBe(records.join('\n') + '\n');
    scan.dispose();
  });

  it('keeps the first 200 characters of a bad line', async () => {
    const long = `[${'1,'.repeat(150)}1]`; // 303 characters
    const scan = await scanNdjson(write('long.ndjson', `${long}\n{"a":1}\n`), dir, 'long');
    expect(scan.bad).toHaveLength(1);
    expect(scan.bad[0]!.text).toBe(long.slice(0, 200));
    expect(scan.bad[0]!.text).toHaveLength(200);
    scan.dispose();
  });

  it('reads only the first maxLines lines when asked (sniffing a sample)', async () => {
    const path = write('sample.ndjson', MIXED.join('\n') + '\n');
    // Lines 1 to 5: the last of them, 5, is bad and left out.
    const scan = await scanNdjson(path, dir, 'sample', 5);
    expect(scan.bad.map((b) => b.line)).toEqual([3, 5]);
    expect(scan.records).toBe(2);
    expect(scan.segments).toEqual([
      { ordStart: 0, offset: 1 },
      { ordStart: 1, offset: 3 },
    ]);
    expect(readFileSync(scan.path, 'utf8')).toBe('{"id":"A-1"}\n{"id":"A-2"}\n');
    scan.dispose();
    // Lines 1 to 4: the last of them, 4, is a record and kept.
    const four = await scanNdjson(path, dir, 'sample4', 4);
    expect(four.bad.map((b) => b.line)).toEqual([3]);
    expect(four.records).toBe(2);
    expect(readFileSync(four.path, 'utf8')).toBe('{"id":"A-1"}\n{"id":"A-2"}\n');
    four.dispose();
  });

  it('reads a file with .gz inside its name as text', async () => {
    const scan = await scanNdjson(write('events.gz.ndjson', '{"a":1}\n[]\n'), dir, 'events');
    expect(scan.bad.map((b) => b.line)).toEqual([2]);
    scan.dispose();
  });

  it('reads a gzip-compressed file (named .gz in any case) and CRLF lines as one line each', async () => {
    const text = MIXED.join('\r\n') + '\r\n';
    for (const name of ['mixed.ndjson.gz', 'MIXED.NDJSON.GZ']) {
      const scan = await scanNdjson(write(name, gzipSync(Buffer.from(text))), dir, name);
      expect(scan.bad.map((b) => [b.line, b.text])).toEqual([
        [3, '[1,2]'],
        [5, '{bad'],
        [7, 'null'],
        [9, '"text"'],
      ]);
      expect(readFileSync(scan.path, 'utf8')).toBe('{"id":"A-1"}\n{"id":"A-2"}\n{"id":"A-3"}\n');
      scan.dispose();
    }
  });
});
