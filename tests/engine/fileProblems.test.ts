/**
 * Files that cannot be read at all (engine/node/import/fileProblems.ts): each is
 * stopped with one sentence naming the file, what is wrong and what to do. The
 * sentences and shares below are worked out from the bytes written here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  binaryShare,
  checkText,
  FileProblem,
  gzipTruncation,
  MAX_COLUMNS,
  tooWide,
  truncatedGzip,
} from '../../engine/node/import/fileProblems.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hsw-file-problems-'));
});

/** What checkText throws, or null when the file passes. */
function problemOf(path: string, head: Buffer, text = head.toString('latin1')): FileProblem | null {
  try {
    checkText(path, head, text);
    return null;
  } catch (err) {
    if (err instanceof FileProblem) return err;
    throw err;
  }
}

describe('a file problem', () => {
  it('is an error named FileProblem whose message starts with the file', () => {
    const p = new FileProblem('usage.csv', 'is empty');
    expect(p).toBeInstanceOf(Error);
    expect(p.name).toBe('FileProblem');
    expect(p.message).toBe('usage.csv: is empty');
    expect([p.file, p.problem]).toEqual(['usage.csv', 'is empty']);
  });
});

describe('a file too wide to stage', () => {
  it('gives its column count and the limit with thousands separators, and names the file only', () => {
    expect(MAX_COLUMNS).toBe(1000);
    const p = tooWide('/exports/pivot.csv', 12345);
    expect(p.file).toBe('pivot.csv');
    expect(p.problem).toBe(
      'has 12,345 columns; the workbench reads at most 1,000. An export this wide is usually a ' +
        'pivot (one column per day, user or feature): export it in long form, one row per account and date.',
    );
  });
});

describe('the share of binary characters', () => {
  it('is 0 for no text, and counts control bytes but tab, CR and LF, and the replacement character', () => {
    expect(binaryShare('')).toBe(0);
    expect(binaryShare('a\tb\r\nc ')).toBe(0);
    // NUL, 0x08, 0x1F and U+FFFD are binary; 0x20 (space) and 0x7F are not counted.
    expect(binaryShare('\u0000\u0008\u001f\uFFFD\u0020\u007f ab')).toBe(4 / 9);
    expect(binaryShare('\u000b')).toBe(1);
  });
});

describe('a file that is not a text export', () => {
  it('passes when it is text', () => {
    expect(problemOf('/x/ok.csv', Buffer.from('id,name\nA-1,Acme\n'))).toBeNull();
  });

  it('is empty at 0 bytes', () => {
    const p = problemOf('/x/empty.csv', Buffer.alloc(0));
    expect(p?.message).toBe('empty.csv: is empty (0 bytes): export it again, or leave it out of this import.');
  });

  it('holds only blank lines', () => {
    const p = problemOf('/x/blank.csv', Buffer.from('\n \r\n\t\n'));
    expect(p?.message).toBe('blank.csv: holds only blank lines: export it again, or leave it out of this import.');
  });

  it('is gzip-compressed when it starts with 1F 8B, and only then', () => {
    const gz = gzipSync(Buffer.from('id\n'));
    expect(problemOf('/x/usage.csv', gz)?.message).toBe(
      'usage.csv: is gzip-compressed but not named .gz: rename it to end in .gz, or unpack it first.',
    );
    // Either byte alone is two ordinary characters of text.
    expect(problemOf('/x/a.csv', Buffer.from([0x1f, 0x41, 0x42, 0x43]), 'xABC')).toBeNull();
    expect(problemOf('/x/b.csv', Buffer.from([0x41, 0x8b, 0x42, 0x43]), 'AxBC')).toBeNull();
  });

  it('is binary above 1 % of its first 64 Ki characters, the share rounded to a whole percent', () => {
    const head = Buffer.from('x');
    // 1 binary character in 100: exactly 1 %, still text.
    expect(problemOf('/x/one.csv', head, '\u0000' + 'a'.repeat(99))).toBeNull();
    // 2 in 100: 2 %.
    expect(problemOf('/x/two.bin', head, '\u0000\u0001' + 'a'.repeat(98))?.message).toBe(
      'two.bin: is not a text export: 2 % of its first characters are binary bytes. ' +
        'Check that it is the file you meant; a spreadsheet or Parquet file needs its real extension (.xlsx, .parquet).',
    );
    // 1 in 7 is 14.29 %: 14 %.
    expect(problemOf('/x/seventh.bin', head, '\u0000abcdef')?.message).toContain(': 14 % of its first');
    // Binary bytes only past the first 65,536 characters are not looked at.
    expect(problemOf('/x/late.csv', head, 'a'.repeat(64 * 1024) + '\u0000'.repeat(1000))).toBeNull();
  });
});

describe('a gzip file that ends early', () => {
  const TEXT = 'id,name\nA-1,Acme\nA-2,Beta\nA-3,Gam';

  it('is whole when it unpacks to its end', async () => {
    const path = join(dir, 'whole.csv.gz');
    writeFileSync(path, gzipSync(Buffer.from(TEXT)));
    expect(await gzipTruncation(path)).toBeNull();
  });

  it('gives the complete lines read before the break', async () => {
    // The last 8 bytes (CRC and length) and some of the data cut off; stored uncompressed (level 0), every
    // byte of text up to the cut is still there, so the three LFs are read.
    const whole = gzipSync(Buffer.from(TEXT), { level: 0 });
    const path = join(dir, 'cut.csv.gz');
    writeFileSync(path, whole.subarray(0, whole.length - 10));
    expect(await gzipTruncation(path)).toEqual({ lines: 3 });
  });

  it('counts a line break at the very start of what it unpacks', async () => {
    // A blank first line: the unpacked text begins with its LF, then the same three lines.
    const whole = gzipSync(Buffer.from(`\n${TEXT}`), { level: 0 });
    const path = join(dir, 'blank-first.csv.gz');
    writeFileSync(path, whole.subarray(0, whole.length - 10));
    expect(await gzipTruncation(path)).toEqual({ lines: 4 });
  });

  it('says how many rows came before the end, the header not counted', () => {
    const with3 = truncatedGzip('/x/usage.csv.gz', 3, true);
    expect(with3.file).toBe('usage.csv.gz');
    expect(with3.problem).toBe(
      'is truncated: the compressed file ends early (an interrupted download or copy). ' +
        '2 complete rows were read before the end; nothing was loaded from it. Download or export it again.',
    );
    expect(truncatedGzip('/x/u.gz', 2, true).problem).toContain(' 1 complete row was read before the end;');
    expect(truncatedGzip('/x/u.gz', 1, false).problem).toContain(' 1 complete row was read before the end;');
    expect(truncatedGzip('/x/u.gz', 1234, false).problem).toContain(' 1,234 complete rows were read');
    // A file cut inside its header: no rows, not -1.
    expect(truncatedGzip('/x/u.gz', 0, true).problem).toContain(' 0 complete rows were read');
  });
});
