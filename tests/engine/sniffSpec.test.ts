/**
 * How a file is read as the mapping screen first sees it (engine/node/import/sniff.ts):
 * its format, encoding, delimiter, rows above the header, header, columns and
 * sample values, and the one sentence that says why a file cannot be read. Every
 * file is written byte for byte here; every expectation is worked out by hand.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { detectEncoding, detectFormat, fileSize, readerSql, sniffFile } from '../../engine/node/import/sniff.js';
import type { ReadOptions } from '../../engine/core/api/importSchema.js';
import { workbookBytes } from '../support/workbook.js';

let dir = '';
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hsw-sniff-'));
  db = await openDatabase();
});
afterAll(() => db.close());

function file(name: string, bytes: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** What sniffing says about a file's columns: each name with its samples. */
async function columnsOf(path: string, given: Partial<ReadOptions> = {}): Promise<Record<string, string[]>> {
  const { columns } = await sniffFile(db, path, given);
  return Object.fromEntries(columns.map((c) => [c.name, c.samples]));
}

const b = (...bytes: number[]) => Buffer.from(bytes);
const ascii = (s: string) => Buffer.from(s, 'latin1');

describe('the format of a file', () => {
  it('is the bytes’ when they are Parquet or a workbook, whatever the name says', () => {
    expect(detectFormat('accounts.csv', ascii('PAR1rest'))).toBe('parquet');
    expect(detectFormat('accounts.csv', b(0x50, 0x4b, 0x03, 0x04, 0x14))).toBe('xlsx');
    // A zip's other signatures are not a workbook's first entry: the name decides.
    expect(detectFormat('accounts.csv', b(0x50, 0x4b, 0x05, 0x06))).toBe('csv');
    expect(detectFormat('accounts.csv', b(0x50, 0x4b, 0x03, 0x05))).toBe('csv');
    expect(detectFormat('accounts.csv', b(0x50, 0x4b, 0x05, 0x04))).toBe('csv');
    expect(detectFormat('accounts.csv', b(0x50, 0x4c, 0x03, 0x04))).toBe('csv');
    expect(detectFormat('accounts.csv', b(0x51, 0x4b, 0x03, 0x04))).toBe('csv');
  });

  it('is the extension’s, in any case and under .gz, when the bytes are text', () => {
    const text = ascii('[{"id": 1}]');
    const cases: [string, string][] = [
      ['a.parquet', 'parquet'],
      ['a.PQ', 'parquet'],
      ['a.XLSX', 'xlsx'],
      ['a.xlsm', 'xlsx'],
      ['a.ndjson.gz', 'ndjson'],
      ['a.JSONL', 'ndjson'],
      ['a.CSV', 'csv'],
      ['a.tsv.gz', 'csv'],
      ['a.txt', 'csv'],
    ];
    for (const [name, format] of cases) expect([name, detectFormat(name, text)]).toEqual([name, format]);
  });

  it('is read from the first characters when the extension says nothing', () => {
    expect(detectFormat('export.dat', ascii('  \n[{"id": 1}]'))).toBe('json');
    expect(detectFormat('export.dat', ascii('{"id": 1}\r\n{"id": 2}\r\n'))).toBe('ndjson');
    // An object over several lines: its first line alone is not JSON, so it is one document.
    expect(detectFormat('export.dat', ascii('{\n  "records": [{"id": 1}]\n}'))).toBe('json');
    expect(detectFormat('export.dat', ascii('id,name\nA-1,Ann\n'))).toBe('csv');
    // A zip's signature without a known extension is a workbook.
    expect(detectFormat('export.dat', b(0x50, 0x4b, 0x05, 0x06))).toBe('xlsx');
    expect(detectFormat('export.dat', b(0x50, 0x4c))).toBe('csv');
    expect(detectFormat('export.dat', b(0x51, 0x4b))).toBe('csv');
    expect(detectFormat('export.gz', ascii('{"id": 1}\n'))).toBe('ndjson');
    // Only a last ".gz" is the compression's: "x.c.gzsv" is no "x.csv".
    expect(detectFormat('x.c.gzsv', ascii('[{"id": 1}]'))).toBe('json');
  });
});

describe('the encoding of a delimited file', () => {
  it('is UTF-16 from a byte-order mark, and needs both of its bytes', () => {
    expect(detectEncoding(b(0xff, 0xfe, 0x41, 0x00))).toBe('utf-16le');
    expect(detectEncoding(b(0xfe, 0xff, 0x00, 0x41))).toBe('utf-16be');
    // 0xff or 0xfe alone is not UTF-8: a Windows-1252 ÿ or þ.
    expect(detectEncoding(b(0xff, 0x41, 0x42, 0x43))).toBe('windows-1252');
    expect(detectEncoding(b(0x41, 0xfe, 0x42, 0x43))).toBe('windows-1252');
    expect(detectEncoding(b(0xfe, 0x41, 0x42, 0x43))).toBe('windows-1252');
    expect(detectEncoding(b(0x41, 0xff, 0x42, 0x43))).toBe('windows-1252');
  });

  it('is UTF-16 without a mark when every other byte of at least 4 pairs is zero', () => {
    expect(detectEncoding(Buffer.from('abcd', 'utf16le'))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from('abcd', 'utf16le').swap16())).toBe('utf-16be');
    // 3 pairs are too few to tell: NUL is valid UTF-8.
    expect(detectEncoding(Buffer.from('abc', 'utf16le'))).toBe('utf-8');
  });

  it('needs more than 40 % of one side zero and under 5 % of the other', () => {
    // 10 pairs, the odd byte zero in 5 (> 4) or in 4 (not > 4).
    const le = (zeros: number) => Buffer.from('a\0'.repeat(zeros) + 'ab'.repeat(10 - zeros), 'latin1');
    expect(detectEncoding(le(5))).toBe('utf-16le');
    expect(detectEncoding(le(4))).toBe('utf-8');
    expect(detectEncoding(Buffer.from(le(5)).swap16())).toBe('utf-16be');
    expect(detectEncoding(Buffer.from(le(4)).swap16())).toBe('utf-8');
    // 20 pairs, 19 odd zeros and 1 even zero: 1 is not under 5 % of 20.
    const mixed = Buffer.from('a\0'.repeat(19) + '\0\0', 'latin1');
    expect(detectEncoding(mixed)).toBe('utf-8');
    expect(detectEncoding(Buffer.from(mixed).swap16())).toBe('utf-8');
    // 21 pairs: 1 is under 1.05.
    const mixed21 = Buffer.from('a\0'.repeat(20) + '\0\0', 'latin1');
    expect(detectEncoding(mixed21)).toBe('utf-16le');
    expect(detectEncoding(Buffer.from(mixed21).swap16())).toBe('utf-16be');
  });

  it('counts only the first 4,096 pairs', () => {
    // 4,096 UTF-16 pairs, then 16 KiB of ASCII that would bring the zeros to a third.
    const head = Buffer.concat([Buffer.from('a'.repeat(4096), 'utf16le'), Buffer.from('b'.repeat(16384), 'latin1')]);
    expect(detectEncoding(head)).toBe('utf-16le');
    // Pair 4,097 is not counted: 1,638 zero odd bytes in 4,096 pairs are not over 40 % (1,638.4), 1,639 would be.
    const edge = Buffer.concat([
      Buffer.from('a'.repeat(1638), 'utf16le'),
      Buffer.from('ab'.repeat(2458), 'latin1'),
      Buffer.from('a'.repeat(10), 'utf16le'),
    ]);
    expect(detectEncoding(edge)).toBe('utf-8');
    const ascii8k = Buffer.concat([Buffer.from('b'.repeat(8192), 'latin1'), Buffer.from('a'.repeat(4096), 'utf16le')]);
    expect(detectEncoding(ascii8k)).toBe('utf-8');
  });

  it('is UTF-8 when the head decodes, a multi-byte character cut at its end included', () => {
    expect(detectEncoding(Buffer.alloc(0))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('café\n', 'utf8'))).toBe('utf-8');
    // é (C3 A9) cut after C3; € (E2 82 AC) cut after E2 82; 😀 (F0 9F 98 80) cut after F0 9F 98.
    expect(detectEncoding(b(0x61, 0x62, 0xc3))).toBe('utf-8');
    expect(detectEncoding(b(0x61, 0x62, 0xe2, 0x82))).toBe('utf-8');
    expect(detectEncoding(b(0x61, 0x62, 0xf0, 0x9f, 0x98))).toBe('utf-8');
    // Any lead byte from 0xC0 up ending the head is taken for a cut character.
    expect(detectEncoding(b(0x61, 0x62, 0xc0))).toBe('utf-8');
  });

  it('is Windows-1252 when the head is not UTF-8, stray bytes at its end included', () => {
    expect(detectEncoding(ascii('caf\xe9 au lait\n'))).toBe('windows-1252');
    // Four continuation bytes: at most three belong to a cut character, the fourth is not UTF-8.
    expect(detectEncoding(b(0x61, 0x62, 0x80, 0x80, 0x80, 0x80))).toBe('windows-1252');
    // A continuation byte after ASCII is no cut character: dropping it alone is right, the 0x80 before is not.
    expect(detectEncoding(b(0x61, 0x80, 0x62, 0x80))).toBe('windows-1252');
    // 0xBF is a continuation byte, not a lead: the head ends in a stray byte.
    expect(detectEncoding(b(0x61, 0x62, 0x63, 0xbf))).toBe('utf-8');
    expect(detectEncoding(b(0x61, 0x62, 0x80, 0xbf))).toBe('utf-8');
    expect(detectEncoding(b(0x61, 0xbf, 0x62, 0x63))).toBe('windows-1252');
  });
});

describe('a delimited file', () => {
  it('is read with the delimiter that splits its rows evenly, its header and up to 20 samples a column', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `A-${i + 1};${i % 2 === 0 ? 'Ann' : 'Bo'}`);
    const path = file('semicolon.csv', `id;name\n${rows.join('\n')}\n`);
    const sniffed = await sniffFile(db, path);
    // No skipRows key at all when no row is skipped.
    expect(sniffed.read).toStrictEqual({ format: 'csv', encoding: 'utf-8', delimiter: ';', quote: '"', header: true });
    expect(sniffed.columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(sniffed.columns[0]!.samples).toEqual(Array.from({ length: 20 }, (_, i) => `A-${i + 1}`));
    expect(sniffed.columns[1]!.samples.slice(0, 3)).toEqual(['Ann', 'Bo', 'Ann']);
    expect(sniffed.sheets).toBeUndefined();
  });

  it('reads pipes and tabs, and prefers a tab in a .tsv file when a comma splits as well', async () => {
    expect((await sniffFile(db, file('pipes.csv', 'id|name\nA-1|Ann\n'))).read.delimiter).toBe('|');
    // Tab and comma both split each row in two; the comma wins a tie except in a .tsv.
    const tie = 'id\tname,x\nA-1\tAnn,y\n';
    expect((await sniffFile(db, file('tie.csv', tie))).read.delimiter).toBe(',');
    expect((await sniffFile(db, file('tie.tsv', tie))).read.delimiter).toBe('\t');
    expect((await sniffFile(db, file('TIE.TSV.GZ', gzipSync(tie)))).read.delimiter).toBe('\t');
    expect((await sniffFile(db, file('tie.tsv.gz.csv', tie))).read.delimiter).toBe(',');
    expect((await sniffFile(db, file('tie.tsvx', tie))).read.delimiter).toBe(',');
  });

  it('drops a byte-order mark and reads a quoted header with the delimiter inside', async () => {
    const path = file('quoted.csv', '\uFEFF"Account ID","Name, full"\n"A-1","Ann, B"\nA-2,Bo\n');
    expect(await columnsOf(path)).toEqual({ 'Account ID': ['A-1', 'A-2'], 'Name, full': ['Ann, B', 'Bo'] });
  });

  it('skips a report’s title lines above the header and says how many lines it skipped', async () => {
    const path = file('report.csv', 'Accounts report\nGenerated 2024-06-01\n\nid,name,arr\nA-1,Ann,10\nA-2,Bo,20\n');
    const sniffed = await sniffFile(db, path);
    // Lines 1–3 (the blank one too): the header is line 4.
    expect(sniffed.read.skipRows).toBe(3);
    expect(await columnsOf(path)).toEqual({ id: ['A-1', 'A-2'], name: ['Ann', 'Bo'], arr: ['10', '20'] });
  });

  it('skips the rows the user says, 0, 1 or 2, whatever the file looks like', async () => {
    const path = file('skips.csv', 'Export,2024\nid,name\nA-1,Ann\nA-2,Bo\n');
    const at0 = await sniffFile(db, path, { skipRows: 0 });
    expect(at0.read).not.toHaveProperty('skipRows');
    // "2024" looks like data, so the first line is no header either.
    expect(await columnsOf(path, { skipRows: 0 })).toEqual({
      'column 1': ['Export', 'id', 'A-1', 'A-2'],
      'column 2': ['2024', 'name', 'Ann', 'Bo'],
    });
    const at1 = await sniffFile(db, path, { skipRows: 1 });
    expect(at1.read.skipRows).toBe(1);
    expect(await columnsOf(path, { skipRows: 1 })).toEqual({ id: ['A-1', 'A-2'], name: ['Ann', 'Bo'] });
    // Two lines skipped: the first row left is the header ("A-1" and "Ann" are no number, date or boolean).
    expect(await columnsOf(path, { skipRows: 2 })).toEqual({ 'A-1': ['A-2'], Ann: ['Bo'] });
    // Skipping every line leaves no columns.
    expect((await sniffFile(db, path, { skipRows: 9 })).columns).toEqual([]);
  });

  it('names the columns of a file without a header by position, the header row then a sample', async () => {
    const numbers = file('numbers.csv', '1,2\n3,4\n');
    expect((await sniffFile(db, numbers)).read.header).toBe(false);
    expect(await columnsOf(numbers)).toEqual({ 'column 1': ['1', '3'], 'column 2': ['2', '4'] });
    const named = file('named.csv', 'id,name\nA-1,Ann\n');
    expect(await columnsOf(named, { header: false })).toEqual({
      'column 1': ['id', 'A-1'],
      'column 2': ['name', 'Ann'],
    });
  });

  it('gives a file without a header the most common row width, the wider on a tie, short rows sampled blank', async () => {
    expect(await columnsOf(file('ragged.csv', '1,2,3\n4,5\n'), { header: false })).toEqual({
      'column 1': ['1', '4'],
      'column 2': ['2', '5'],
      'column 3': ['3', ''],
    });
    expect(Object.keys(await columnsOf(file('ragged2.csv', '4,5\n1,2,3\n'), { header: false }))).toHaveLength(3);
    expect(Object.keys(await columnsOf(file('ragged3.csv', '1,2\n3,4\n5,6,7\n'), { header: false }))).toHaveLength(2);
    expect(Object.keys(await columnsOf(file('ragged4.csv', '5,6,7\n1,2\n3,4\n'), { header: false }))).toHaveLength(2);
    // Only the first 100 rows count: 100 of two fields, then 100 of three.
    const hundred = `${'1,2\n'.repeat(100)}${'1,2,3\n'.repeat(100)}`;
    expect(Object.keys(await columnsOf(file('wider-later.csv', hundred), { header: false }))).toHaveLength(2);
  });

  it('takes the header’s width when there is a header, however wide the rows', async () => {
    // No rows skipped (else the narrower header would be taken for a title line).
    expect(await columnsOf(file('wide-rows.csv', 'id,name\nA-1,Ann,x\nA-2,Bo,y\n'), { skipRows: 0 })).toEqual({
      id: ['A-1', 'A-2'],
      name: ['Ann', 'Bo'],
    });
  });

  it('reads the options given instead of detecting them', async () => {
    const quoted = file('single-quotes.csv', "'a,b',c\n'x,y',z\n");
    expect(await columnsOf(quoted, { quote: "'" })).toEqual({ 'a,b': ['x,y'], c: ['z'] });
    expect((await sniffFile(db, quoted, { quote: "'" })).read.quote).toBe("'");
    expect((await sniffFile(db, quoted, { delimiter: ';' })).read.delimiter).toBe(';');
    // UTF-8 bytes read as the Windows-1252 the user says: é (C3 A9) is Ã©.
    const accents = file('accents.csv', 'name\ncafé\n');
    expect(await columnsOf(accents, { encoding: 'windows-1252' })).toEqual({ name: ['cafÃ©'] });
    expect((await sniffFile(db, accents, { encoding: 'windows-1252' })).read.encoding).toBe('windows-1252');
    expect((await sniffFile(db, accents, { datePattern: '%d/%m/%Y' })).read.datePattern).toBe('%d/%m/%Y');
    expect(await sniffFile(db, accents)).not.toHaveProperty('read.datePattern');
    // A .txt holding NDJSON, read as NDJSON because the user says so.
    const lines = file('events.txt', '{"id": "A-1"}\n');
    expect((await sniffFile(db, lines, { format: 'ndjson' })).read).toEqual({ format: 'ndjson' });
  });

  it('leaves out the last line of a head that is cut, and reads a gzip file’s head the same way', async () => {
    // 10 rows of 30,005 bytes after an 8-byte header: 8 whole rows fit in 256 KiB, the 9th is cut.
    const text = `id,note\n${Array.from({ length: 10 }, (_, i) => `A-${i + 1},${'y'.repeat(30_000)}\n`).join('')}`;
    const eight = Array.from({ length: 8 }, (_, i) => `A-${i + 1}`);
    expect((await columnsOf(file('long.csv', text))).id).toEqual(eight);
    expect((await columnsOf(file('long.csv.gz', gzipSync(text)))).id).toEqual(eight);
  });

  it('reads a head of exactly 256 KiB as cut, and a shorter one as whole', async () => {
    // No line break in the first 256 KiB: one line too long to be a row.
    const path = file('one-line.csv', 'x'.repeat(256 * 1024));
    await expect(sniffFile(db, path)).rejects.toThrow(
      'one-line.csv: has 1 columns; the workbench reads at most 1,000.',
    );
    const shorter = file('short-line.csv', 'x'.repeat(256 * 1024 - 1));
    expect((await sniffFile(db, shorter)).columns).toHaveLength(1);
  });

  it('refuses a line too long to be a row, counting its delimiters, and more than 1,000 columns', async () => {
    // Only the head counts: 256 KiB of 8-byte "a,b;c<tab>d|" is 32,768 repeats of 4 delimiters, 131,073 fields.
    await expect(sniffFile(db, file('pivot.csv', 'a,b;c\td|'.repeat(40_000)))).rejects.toThrow(
      'pivot.csv: has 131,073 columns; the workbench reads at most 1,000. An export this wide is usually a pivot',
    );
    // Blank lines before it change nothing: 2 line breaks and 131,071 "x," in the head, 131,072 fields.
    await expect(sniffFile(db, file('blank-then-long.csv', `\n\n${'x,'.repeat(150_000)}`))).rejects.toThrow(
      'blank-then-long.csv: has 131,072 columns;',
    );
    const header = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(',');
    await expect(sniffFile(db, file('wide.csv', `${header(1001)}\n`))).rejects.toThrow('wide.csv: has 1,001 columns');
    expect((await sniffFile(db, file('widest.csv', `${header(1000)}\n`))).columns).toHaveLength(1000);
  });

  it('says a gzip file is truncated, with the rows read before the end', async () => {
    const whole = gzipSync(`id,name\n${'A-1,Ann\n'.repeat(5000)}`);
    const path = file('cut.csv.gz', whole.subarray(0, whole.length - 20));
    // 33,297 bytes come out before the cut: 4,162 whole lines (8 bytes each, after the 8-byte header line), the header one of them.
    await expect(sniffFile(db, path)).rejects.toThrow(
      'cut.csv.gz: is truncated: the compressed file ends early (an interrupted download or copy). ' +
        '4,161 complete rows were read before the end; nothing was loaded from it. Download or export it again.',
    );
  });
});

describe('a workbook', () => {
  const accounts = {
    name: 'Accounts',
    rows: [
      { row: 1, cells: ['Accounts report'] },
      { row: 3, cells: ['id', 'arr'] },
      { row: 4, cells: ['A-1', '10'] },
      { row: 5, cells: ['A-2', '20', 'late'] },
      { row: 6, cells: ['A-3', '30'] },
    ],
  };
  const notes = { name: 'Notes', rows: [{ row: 1, cells: ['n1', 'n2'] }] };

  it('is read from its first sheet with rows, its title lines skipped, its sheets listed', async () => {
    const path = file('report.xlsx', workbookBytes([{ name: 'Cover', rows: [] }, accounts, notes]));
    const sniffed = await sniffFile(db, path);
    // Row 3 is the header: rows 1–2 are skipped (row 2 is absent).
    expect(sniffed.read).toStrictEqual({ format: 'xlsx', sheet: 'Accounts', header: true, skipRows: 2 });
    expect(sniffed.sheets).toEqual(['Cover', 'Accounts', 'Notes']);
    // As wide as the widest of the rows: the third column has no header name.
    expect(await columnsOf(path)).toEqual({
      id: ['A-1', 'A-2', 'A-3'],
      arr: ['10', '20', '30'],
      'column 3': ['', 'late', ''],
    });
  });

  it('is read from the sheet asked for, and a sheet it lacks is named with the ones it has', async () => {
    const path = file('two.xlsx', workbookBytes([accounts, notes]));
    const sniffed = await sniffFile(db, path, { sheet: 'Notes' });
    expect(sniffed.read).toStrictEqual({ format: 'xlsx', sheet: 'Notes', header: true });
    expect(sniffed.columns).toEqual([
      { name: 'n1', samples: [] },
      { name: 'n2', samples: [] },
    ]);
    await expect(sniffFile(db, path, { sheet: 'Churn' })).rejects.toThrow(
      'two.xlsx: has no sheet named "Churn"; its sheets are "Accounts", "Notes".',
    );
  });

  it('takes the rows to skip and the header the user gives', async () => {
    const path = file('given.xlsx', workbookBytes([accounts]));
    const sniffed = await sniffFile(db, path, { skipRows: 3, header: false });
    expect(sniffed.read).toStrictEqual({ format: 'xlsx', sheet: 'Accounts', header: false, skipRows: 3 });
    expect(await columnsOf(path, { skipRows: 3, header: false })).toEqual({
      'column 1': ['A-1', 'A-2', 'A-3'],
      'column 2': ['10', '20', '30'],
      'column 3': ['', 'late', ''],
    });
    expect((await sniffFile(db, path, { skipRows: 0 })).read).not.toHaveProperty('skipRows');
    // Every row skipped: no columns, no header row to name them.
    expect((await sniffFile(db, path, { skipRows: 6 })).columns).toEqual([]);
  });

  it('asked for an empty sheet has no columns', async () => {
    const path = file('cover.xlsx', workbookBytes([{ name: 'Cover', rows: [] }, accounts]));
    const sniffed = await sniffFile(db, path, { sheet: 'Cover' });
    expect(sniffed.read).toStrictEqual({ format: 'xlsx', sheet: 'Cover', header: true });
    expect(sniffed.columns).toEqual([]);
  });

  it('whose first row looks like data has no header', async () => {
    const rows = [
      { row: 1, cells: ['1', '5'] },
      { row: 2, cells: ['2', '6'] },
    ];
    const path = file('numbers.xlsx', workbookBytes([{ name: 'S', rows }]));
    expect((await sniffFile(db, path)).read.header).toBe(false);
    expect(await columnsOf(path)).toEqual({ 'column 1': ['1', '2'], 'column 2': ['5', '6'] });
  });

  it('without a row in any sheet says so', async () => {
    const path = file('blank.xlsx', workbookBytes([{ name: 'Sheet1', rows: [] }]));
    await expect(sniffFile(db, path)).rejects.toThrow(
      'blank.xlsx: has no rows in any sheet: export the data again, or check you picked the right workbook.',
    );
  });

  it('refuses more than 1,000 columns', async () => {
    const wide = (n: number) =>
      workbookBytes([{ name: 'S', rows: [{ row: 1, cells: Array.from({ length: n }, (_, i) => `c${i}`) }] }]);
    await expect(sniffFile(db, file('wide.xlsx', wide(1001)))).rejects.toThrow('wide.xlsx: has 1,001 columns');
    expect((await sniffFile(db, file('widest.xlsx', wide(1000)))).columns).toHaveLength(1000);
  });
});

describe('a Parquet or JSON file', () => {
  it('is read by DuckDB, nulls sampled blank and nested values as JSON', async () => {
    const path = file(
      'accounts.json',
      '[{"id": "A-1", "tags": ["a", "b"], "arr": 10.5}, {"id": "A-2", "tags": null, "arr": null}]',
    );
    const sniffed = await sniffFile(db, path);
    expect(sniffed.read).toStrictEqual({ format: 'json' });
    expect(await columnsOf(path)).toEqual({ id: ['A-1', 'A-2'], tags: ['["a","b"]', ''], arr: ['10.5', ''] });
  });

  it('keeps a JSON array whose one record holds one list of records: only NDJSON is suspected of a wrapper', async () => {
    expect(await columnsOf(file('nested.json', '[{"data": [{"id": "a"}]}]'))).toEqual({ data: ['[{"id":"a"}]'] });
  });

  it('samples 20 rows of an NDJSON file and leaves its malformed lines out', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `{"id": "A-${i + 1}"}`);
    const path = file('events.ndjson', `${lines[0]}\nnot json\n${lines.slice(1).join('\n')}\n`);
    expect(await columnsOf(path)).toEqual({ id: Array.from({ length: 20 }, (_, i) => `A-${i + 1}`) });
  });

  it('without one good NDJSON record names the first bad line', async () => {
    const path = file('garbage.ndjson', '[1, 2]\nnull\n');
    await expect(sniffFile(db, path)).rejects.toThrow(
      'garbage.ndjson: has no valid JSON record in its first 2 lines (line 1: ',
    );
    await expect(sniffFile(db, path)).rejects.toThrow('); check that it is NDJSON, one object per line.');
  });

  it('holding one object says where its records seem to be', async () => {
    const tail = ': export the records as an array [{…}, {…}] or as NDJSON (one object per line).';
    await expect(sniffFile(db, file('wrapped.json', '{ "records": [{"id": 1}] }'))).rejects.toThrow(
      `wrapped.json: holds one JSON object, not an array of records (the records seem to be in its "records" list)${tail}`,
    );
    // Over several lines, so not taken for one NDJSON record.
    await expect(sniffFile(db, file('object.json', '{\n  "id": 1\n}'))).rejects.toThrow(
      `object.json: holds one JSON object, not an array of records${tail}`,
    );
    // One NDJSON line whose only value is the list of records.
    // The whole message: the sentence is not wrapped in "cannot be read as NDJSON".
    await expect(sniffFile(db, file('wrapped.ndjson', '{"data": [{"id": 1}, {"id": 2}]}\n'))).rejects.toHaveProperty(
      'message',
      `wrapped.ndjson: holds one JSON object, not an array of records (the records seem to be in its "data" list)${tail}`,
    );
    // Blank lines before it, a space before the colon and none after: still its records' list.
    await expect(sniffFile(db, file('spaced.json', ' \n{ "records" :[{"id": 1}]\n}'))).rejects.toHaveProperty(
      'message',
      `spaced.json: holds one JSON object, not an array of records (the records seem to be in its "records" list)${tail}`,
    );
    // Only the object's first key is looked at: a list deeper inside is not its records.
    await expect(sniffFile(db, file('meta.json', '{\n "meta": {"rows": [1]}\n}'))).rejects.toHaveProperty(
      'message',
      `meta.json: holds one JSON object, not an array of records${tail}`,
    );
  });

  it('keeps a one-column NDJSON file whose values are not lists of records, or that has more rows', async () => {
    expect(await columnsOf(file('one.ndjson', '{"data": "x[{"}\n'))).toEqual({ data: ['x[{'] });
    expect(await columnsOf(file('two.ndjson', '{"data": [{"id": "a"}]}\n{"data": [{"id": "b"}]}\n'))).toEqual({
      data: ['[{"id":"a"}]', '[{"id":"b"}]'],
    });
    expect(await columnsOf(file('wide.ndjson', '{"a": [{"id": "x"}], "b": "y"}\n'))).toEqual({
      a: ['[{"id":"x"}]'],
      b: ['y'],
    });
  });

  it('that DuckDB cannot read is named with its format, DuckDB’s reason without the folder, and what to check', async () => {
    const tail = '); check that the file is complete and its extension says what it holds.';
    const torn = sniffFile(db, file('torn.parquet', 'PAR1 not really'));
    await expect(torn).rejects.toThrow(/^torn\.parquet: cannot be read as Parquet \(.*torn\.parquet/);
    await expect(sniffFile(db, file('torn.parquet', 'PAR1 not really'))).rejects.toThrow(tail);
    await expect(sniffFile(db, file('torn.parquet', 'PAR1 not really'))).rejects.not.toThrow(dir);
    await expect(sniffFile(db, file('cut.json', '[{"id": 1}, {"id"'))).rejects.toThrow(
      /^cut\.json: cannot be read as a JSON array \(.+\); check that/,
    );
    // DuckDB refuses an object with a key twice.
    await expect(sniffFile(db, file('twice.ndjson', '{"a": 1, "a": 2}\n'))).rejects.toThrow(
      /^twice\.ndjson: cannot be read as NDJSON \(.*duplicate key "a"\); check that/,
    );
    await expect(sniffFile(db, file('empty.parquet', ''))).rejects.toThrow(
      'empty.parquet: is empty (0 bytes): export it again, or leave it out of this import.',
    );
    await expect(sniffFile(db, file('blank.ndjson', '\n\n'))).rejects.toThrow('blank.ndjson: holds only blank lines');
  });

  it('refuses more than 1,000 columns', async () => {
    // Parquet: DuckDB reads a JSON object of over 200 keys as one MAP column, never 1,001 columns.
    const parquet = async (name: string, n: number) => {
      const path = join(dir, name);
      const cols = Array.from({ length: n }, (_, i) => `${i} AS c${i}`).join(', ');
      await db.conn.run(`COPY (SELECT ${cols}) TO '${path}' (FORMAT parquet)`);
      return path;
    };
    await expect(sniffFile(db, await parquet('wide.parquet', 1001))).rejects.toHaveProperty(
      'message',
      expect.stringMatching(/^wide\.parquet: has 1,001 columns;/),
    );
    expect((await sniffFile(db, await parquet('widest.parquet', 1000))).columns).toHaveLength(1000);
  });

  it('leaves no copy of an NDJSON file behind, and no file open', async () => {
    const copies = () => readdirSync(db.tempDirectory).filter((f) => f.startsWith('sniff-'));
    const before = copies();
    await sniffFile(db, file('copied.ndjson', '{"id": "A-1"}\nnot json\n'));
    await expect(sniffFile(db, file('refused.ndjson', 'not json\n'))).rejects.toThrow('has no valid JSON record');
    expect(copies()).toEqual(before);
    // Twenty sniffs of a plain file: a handle left open each time would show as twenty more descriptors.
    const csvPath = file('open.csv', 'id\nA-1\n');
    const open = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 20; i++) await sniffFile(db, csvPath);
    expect(readdirSync('/proc/self/fd').length - open).toBeLessThan(10);
  });

  it('is read with the table function of its format', () => {
    expect(readerSql("/d/it's.parquet", { format: 'parquet' })).toBe("read_parquet('/d/it''s.parquet')");
    expect(readerSql('/d/e.ndjson', { format: 'ndjson' })).toBe(
      "read_json('/d/e.ndjson', format = 'newline_delimited', sample_size = -1)",
    );
    expect(readerSql('/d/a.json', { format: 'json' })).toBe(
      "read_json('/d/a.json', format = 'array', sample_size = -1)",
    );
    expect(() => readerSql('/d/a.csv', { format: 'csv' })).toThrow('no table function for csv');
  });

  it('has its size in bytes', async () => {
    expect(await fileSize(file('five.csv', 'a,b\n1'))).toBe(5);
  });
});
