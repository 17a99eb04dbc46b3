/**
 * The copies made before DuckDB reads a file (engine/node/import/transcode.ts):
 * text in another encoding rewritten as UTF-8, and mixed line endings rewritten
 * as LF, each keeping one line break per line break so line numbers hold. The
 * bytes are written here by hand (code page and UTF-16 tables), not by iconv.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeHead,
  needsTranscoding,
  normaliseLineEndings,
  transcodeToUtf8,
} from '../../engine/node/import/transcode.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hsw-transcode-'));
});
const write = (name: string, bytes: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const bytes = (...b: number[]) => Buffer.from(b);

// "€1\r\n" in each encoding: Windows-1252 has € at 0x80; UTF-16 writes U+20AC as AC 20 (LE) or 20 AC (BE).
const EURO_1252 = bytes(0x80, 0x31, 0x0d, 0x0a);
const EURO_LE = bytes(0xac, 0x20, 0x31, 0x00, 0x0d, 0x00, 0x0a, 0x00);
const EURO_BE = bytes(0x20, 0xac, 0x00, 0x31, 0x00, 0x0d, 0x00, 0x0a);
const BOM_LE = bytes(0xff, 0xfe);
const BOM_BE = bytes(0xfe, 0xff);

describe('which files are converted first', () => {
  it('is every chosen encoding but UTF-8, and none when nothing was chosen', () => {
    expect(needsTranscoding(undefined)).toBe(false);
    expect(needsTranscoding('utf-8')).toBe(false);
    for (const e of ['windows-1252', 'latin-1', 'utf-16', 'utf-16le', 'utf-16be'] as const)
      expect(needsTranscoding(e)).toBe(true);
  });
});

describe('the first bytes decoded for sniffing', () => {
  it('reads each encoding by its own table', () => {
    expect(decodeHead(EURO_1252, 'windows-1252')).toBe('€1\r\n');
    // Latin-1 maps 0x80 to the control character U+0080, and 0xE9 to é.
    expect(decodeHead(bytes(0x80, 0xe9), 'latin-1')).toBe('\u0080é');
    expect(decodeHead(EURO_LE, 'utf-16le')).toBe('€1\r\n');
    expect(decodeHead(EURO_BE, 'utf-16be')).toBe('€1\r\n');
    expect(decodeHead(bytes(0xe2, 0x82, 0xac, 0x31), 'utf-8')).toBe('€1');
  });

  it('takes the byte order of UTF-16 from its BOM, little-endian without one', () => {
    expect(decodeHead(Buffer.concat([BOM_BE, EURO_BE]), 'utf-16')).toBe('€1\r\n');
    expect(decodeHead(Buffer.concat([BOM_LE, EURO_LE]), 'utf-16')).toBe('€1\r\n');
    expect(decodeHead(EURO_LE, 'utf-16')).toBe('€1\r\n');
  });

  it('drops a leading BOM and keeps one further in', () => {
    // EF BB BF is U+FEFF in UTF-8.
    expect(decodeHead(bytes(0xef, 0xbb, 0xbf, 0x61, 0xef, 0xbb, 0xbf), 'utf-8')).toBe('a\uFEFF');
    expect(decodeHead(Buffer.concat([BOM_LE, bytes(0x61, 0x00)]), 'utf-16le')).toBe('a');
  });

  it('drops a BOM written twice (a tool adding its own to a file that had one)', () => {
    // The decoder takes the first; the second would otherwise start the first column's name.
    expect(decodeHead(bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x69, 0x64), 'utf-8')).toBe('id');
    expect(decodeHead(Buffer.concat([BOM_LE, BOM_LE, bytes(0x69, 0x00, 0x64, 0x00)]), 'utf-16le')).toBe('id');
  });
});

describe('a file converted to UTF-8', () => {
  it('is written into the folder given, named after the file, every character and line break kept', async () => {
    const path = write('ansi.csv', Buffer.concat([bytes(0x69, 0x64, 0x0d, 0x0a), EURO_1252, bytes(0x93, 0x94, 0x96)]));
    const out = await transcodeToUtf8(path, 'windows-1252', dir, 'accounts');
    expect(dirname(out)).toBe(dir);
    expect(basename(out)).toBe('accounts.utf8.csv');
    expect(readFileSync(out, 'utf8')).toBe('id\r\n€1\r\n“”–');
  });

  it('leaves out the BOM of a UTF-16 file', async () => {
    const out = await transcodeToUtf8(write('le.csv', Buffer.concat([BOM_LE, EURO_LE])), 'utf-16le', dir, 'le');
    expect(readFileSync(out)).toEqual(bytes(0xe2, 0x82, 0xac, 0x31, 0x0d, 0x0a));
  });

  it('unpacks a gzip-compressed file first (.gz in any case), and reads one with .gz inside its name as it is', async () => {
    for (const name of ['be.csv.gz', 'BE.CSV.GZ']) {
      const out = await transcodeToUtf8(write(name, gzipSync(EURO_BE)), 'utf-16be', dir, name);
      expect(readFileSync(out, 'utf8')).toBe('€1\r\n');
    }
    const out = await transcodeToUtf8(write('be.gz.csv', EURO_BE), 'utf-16be', dir, 'be-plain');
    expect(readFileSync(out, 'utf8')).toBe('€1\r\n');
  });
});

describe('line endings made LF', () => {
  it('turns each CR LF, lone CR and LF into one LF, also a CR at the very end', async () => {
    const path = write('mixed.csv', Buffer.from('a\r\nb\rc\nd\r\r\ne\r', 'latin1'));
    const out = await normaliseLineEndings(path, dir, 'mixed');
    expect(dirname(out)).toBe(dir);
    expect(basename(out)).toBe('mixed.lf.csv');
    // a | b | c | d | (blank) | e | (end): six line breaks in, six out.
    expect(readFileSync(out, 'latin1')).toBe('a\nb\nc\nd\n\ne\n');
  });

  it('keeps a CR LF split across two read chunks one line break', async () => {
    // The reader's chunks are 64 KiB: the CR is the first chunk's last byte, the LF the next chunk's first.
    const head = 'x'.repeat(64 * 1024 - 1);
    const out = await normaliseLineEndings(write('split.csv', Buffer.from(`${head}\r\ny\n`)), dir, 'split');
    expect(readFileSync(out, 'latin1')).toBe(`${head}\ny\n`);
  });

  it('unpacks a gzip-compressed file first (.gz in any case), and reads one with .gz inside its name as it is', async () => {
    for (const name of ['crlf.csv.gz', 'CRLF.CSV.GZ']) {
      const out = await normaliseLineEndings(write(name, gzipSync(Buffer.from('a\r\nb\rc\n'))), dir, name);
      expect(readFileSync(out, 'latin1')).toBe('a\nb\nc\n');
    }
    const out = await normaliseLineEndings(write('crlf.gz.csv', Buffer.from('a\r\nb\rc\n')), dir, 'crlf-plain');
    expect(readFileSync(out, 'latin1')).toBe('a\nb\nc\n');
  });
});
