/**
 * How one file is staged into DuckDB (engine/node/import/stage.ts): its rows as
 * text in columns c0, c1, … in file order, each accepted row's line, and every
 * row the reader refused logged at its line with the sentence the user reads.
 * Every file is written byte for byte here; every expectation is worked out by hand.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReadOptions } from '../../engine/core/api/importSchema.js';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { createIssuesTable, ISSUES_TABLE } from '../../engine/node/import/issues.js';
import { stageFile, type ReadInto, type StagedFile } from '../../engine/node/import/stage.js';
import { workbookBytes } from '../support/workbook.js';

let dir = '';
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hsw-stage-'));
  db = await openDatabase();
});
afterAll(() => db.close());
beforeEach(async () => {
  await createIssuesTable(db);
  await db.conn.run('DROP TABLE IF EXISTS stg; DROP TABLE IF EXISTS typed; DROP TABLE IF EXISTS again');
});

function file(name: string, bytes: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const csv = (more: Partial<ReadOptions> = {}): ReadOptions => ({ format: 'csv', ...more });

/**
 * Stage as file 3, labelled as the user named it, into `stg` (the poll passes the run through). The
 * reader appends to a rejects table that exists: its callers drop it after each file, and so does this.
 */
async function stage(path: string, read: ReadOptions, names: string[], into?: ReadInto): Promise<StagedFile> {
  await db.conn.run('DROP TABLE IF EXISTS stg_rejects; DROP TABLE IF EXISTS stg_scans');
  return stageFile(db, path, 3, 'accounts.csv', read, names, 'stg', (run) => run, into);
}

/** A table's rows in rowid order, each cell as text or null. */
async function rowsOf(table: string): Promise<(string | null)[][]> {
  const r = await db.conn.runAndReadAll(`SELECT * FROM "${table}" ORDER BY rowid`);
  return r.getRowsJson().map((row) => row.map((v) => (v === null ? null : String(v))));
}

/** The issues logged for file 3: line, column, value, reason, action. */
async function issues(): Promise<(string | number | null)[][]> {
  const r = await db.conn.runAndReadAll(
    `SELECT file, line::INTEGER, column_name, value, reason, action FROM ${ISSUES_TABLE} WHERE file_idx = 3 ORDER BY line`,
  );
  return r.getRowsJson().map((row) => row.map((v) => (typeof v === 'number' || v === null ? v : String(v))));
}

async function columnNames(table: string): Promise<string[]> {
  return (await db.conn.runAndReadAll(`SELECT * FROM "${table}" LIMIT 0`)).columnNames();
}

async function tables(): Promise<string[]> {
  const r = await db.conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() ORDER BY table_name`);
  return r.getRowsJson().map(([t]) => String(t));
}

describe('a CSV staged as text', () => {
  it('holds every row below the header in file order, one text column per file column', async () => {
    const s = await stage(file('plain.csv', 'id,name,seats\nA-1,Ann,10\nA-2,Bob,\n'), csv(), ['id', 'name', 'seats']);
    expect(s).toMatchObject({ table: 'stg', rows: 2, rejected: 0, location: 'line' });
    expect(s.stageText).toBeUndefined();
    expect(await columnNames('stg')).toEqual(['c0', 'c1', 'c2']);
    // An empty field is NULL, not '' (DuckDB's reader without a quote around it).
    expect(await rowsOf('stg')).toEqual([
      ['A-1', 'Ann', '10'],
      ['A-2', 'Bob', null],
    ]);
    // Row 0 is on line 2: one segment, offset 2.
    expect(await s.segments()).toEqual([{ ordStart: 0, offset: 2 }]);
    expect(await issues()).toEqual([]);
    s.dispose();
  });

  it('keeps a number written with leading zeros or spaces as the text it is', async () => {
    const s = await stage(file('text.csv', 'id,code\n007, x \n'), csv(), ['id', 'code']);
    expect(await rowsOf('stg')).toEqual([['007', ' x ']]);
    s.dispose();
  });

  it('skips the given rows above the header, and the header', async () => {
    const body = 'A-1,Ann\nA-2,Bob\n';
    const cases: [number, string, number][] = [
      [0, 'id,name\n', 2],
      [1, 'Accounts report\nid,name\n', 3],
      [2, 'Accounts report\nGenerated 2026-12-01\nid,name\n', 4],
    ];
    for (const [skipRows, above, offset] of cases) {
      const s = await stage(file(`skip${skipRows}.csv`, above + body), csv({ skipRows }), ['id', 'name']);
      expect([skipRows, s.rows, await rowsOf('stg'), await s.segments()]).toEqual([
        skipRows,
        2,
        [
          ['A-1', 'Ann'],
          ['A-2', 'Bob'],
        ],
        [{ ordStart: 0, offset }],
      ]);
    }
  });

  it('reads the first line as a row when there is no header', async () => {
    const s = await stage(file('bare.csv', 'A-1,Ann\nA-2,Bob\n'), csv({ header: false }), ['column 1', 'column 2']);
    expect(await rowsOf('stg')).toEqual([
      ['A-1', 'Ann'],
      ['A-2', 'Bob'],
    ]);
    expect(await s.segments()).toEqual([{ ordStart: 0, offset: 1 }]);
    // A title line above rows without a header: only it is skipped.
    const t = await stage(file('bare-title.csv', 'Accounts\nA-1,Ann\n'), csv({ header: false, skipRows: 1 }), [
      'column 1',
      'column 2',
    ]);
    expect(await rowsOf('stg')).toEqual([['A-1', 'Ann']]);
    expect(await t.segments()).toEqual([{ ordStart: 0, offset: 2 }]);
  });

  it('reads a byte-order mark, CRLF line endings and a blank last line as no part of any value', async () => {
    const s = await stage(file('bom.csv', '\uFEFFid,name\r\nA-1,Ann\r\nA-2,Bob\r\n\r\n'), csv(), ['id', 'name']);
    expect(s.rows).toBe(2);
    expect(await rowsOf('stg')).toEqual([
      ['A-1', 'Ann'],
      ['A-2', 'Bob'],
    ]);
    // Without a header the BOM would sit in front of the first value.
    const bare = await stage(file('bom-bare.csv', '\uFEFFA-1,Ann\n'), csv({ header: false }), ['a', 'b']);
    expect(bare.rows).toBe(1);
    expect(await rowsOf('stg')).toEqual([['A-1', 'Ann']]);
  });

  it('reads a file that mixes CRLF and LF lines from a copy, removed by dispose', async () => {
    const s = await stage(file('mixed.csv', 'id,name\r\nA-1,Ann\nA-2,Bob\r\nA-3,Cy\n'), csv(), ['id', 'name']);
    expect(await rowsOf('stg')).toEqual([
      ['A-1', 'Ann'],
      ['A-2', 'Bob'],
      ['A-3', 'Cy'],
    ]);
    expect(await s.segments()).toEqual([{ ordStart: 0, offset: 2 }]);
    expect(readdirSync(db.tempDirectory)).toEqual(['stg.lf.csv']);
    s.dispose();
    expect(readdirSync(db.tempDirectory)).toEqual([]);
  });

  it('reads the delimiter and quote it is given, a doubled quote being one quote', async () => {
    await stage(file('semi.csv', "id;name\n'A;1';'Ann ''the'' admin'\n"), csv({ delimiter: ';', quote: "'" }), [
      'id',
      'name',
    ]);
    expect(await rowsOf('stg')).toEqual([['A;1', "Ann 'the' admin"]]);
    // The defaults are comma and double quote: a ';' is then part of a value.
    const d = await stage(file('comma.csv', 'id,name\n"A,1";"x"\n'), csv(), ['id', 'name']);
    expect(d.rows).toBe(0);
    const e = await stage(file('dq.csv', 'id,name\n"A,1","An ""x"""\n'), csv(), ['id', 'name']);
    expect(e.rows).toBe(1);
    expect(await rowsOf('stg')).toEqual([['A,1', 'An "x"']]);
  });

  it('unpacks a gzip file', async () => {
    const s = await stage(file('packed.csv.gz', gzipSync('id,name\nA-1,Ann\n')), csv(), ['id', 'name']);
    expect(await rowsOf('stg')).toEqual([['A-1', 'Ann']]);
    expect(await s.segments()).toEqual([{ ordStart: 0, offset: 2 }]);
  });

  it('says a gzip file cut short is truncated and how many rows it held', async () => {
    const sentence = (rows: string) =>
      `cut.csv.gz: is truncated: the compressed file ends early (an interrupted download or copy). ${rows} complete rows were read before the end; nothing was loaded from it. Download or export it again.`;
    // Cut inside its second block, DuckDB stops at the broken last line. Stored (level 0): 10 bytes of gzip
    // header, 65,535 of text behind a 5-byte block header, then 5 more; 70,015 bytes keep 69,995 of text,
    // 8,749 whole lines of 8 bytes: the header and 8,748 rows.
    const stored = gzipSync('id,name\n' + 'A-1,Ann\n'.repeat(9999), { level: 0 });
    await expect(stage(file('cut.csv.gz', stored.subarray(0, 70_015)), csv(), ['id', 'name'])).rejects.toThrow(
      sentence('8,748'),
    );
    // Cut in its first block (40,015 bytes, 5,000 whole lines), DuckDB reads the 4,999 rows without a word.
    await expect(stage(file('cut.csv.gz', stored.subarray(0, 40_015)), csv(), ['id', 'name'])).rejects.toThrow(
      sentence('4,999'),
    );
    // 2,000 rows packed into 76 bytes: cut 8 bytes (the CRC and length), DuckDB reads every row without a
    // word; cut 40, none.
    const whole = gzipSync('id,name\n' + 'A-1,Ann\n'.repeat(2000));
    for (const [cut, rows] of [
      [8, '2,000'],
      [40, '0'],
    ] as const) {
      const path = file('cut.csv.gz', whole.subarray(0, whole.length - cut));
      await expect(stage(path, csv(), ['id', 'name'])).rejects.toThrow(sentence(rows));
    }
    // Without a header every unpacked line is a row.
    const path = file('cut.csv.gz', whole.subarray(0, whole.length - 8));
    await expect(stage(path, csv({ header: false }), ['id', 'name'])).rejects.toThrow(sentence('2,001'));
    await expect(
      stage(file('cut.csv.gz', stored.subarray(0, 70_015)), csv({ header: false }), ['id', 'name']),
    ).rejects.toThrow(sentence('8,749'));
    // Another encoding is converted from the unpacked text: the break is found there, and no copy is left.
    await expect(
      stage(file('cut.csv.gz', stored.subarray(0, 70_015)), csv({ encoding: 'windows-1252' }), ['id', 'name']),
    ).rejects.toThrow(sentence('8,748'));
    // Only a last ".gz" is the compression's: a plain file named so is read as it is.
    const plain = await stage(file('accounts.gz.csv', 'id,name\nA-1,Ann\n'), csv(), ['id', 'name']);
    expect(plain.rows).toBe(1);
    await expect(stage(join(dir, 'absent.gz.csv'), csv(), ['id', 'name'])).rejects.toThrow(
      /^IO Error: .*absent\.gz\.csv/,
    );
    // A plain file's failure is DuckDB's own, not a truncation.
    await expect(stage(join(dir, 'absent.csv'), csv(), ['id', 'name'])).rejects.toThrow(/^IO Error: .*absent\.csv/);
    expect(readdirSync(db.tempDirectory)).toEqual([]);
  });

  it('converts another encoding to UTF-8 first, from a copy removed by dispose', async () => {
    const bytes = iconv.encode('id,name\nA-1,Café €5\n', 'windows-1252');
    const s = await stage(file('cp1252.csv', bytes), csv({ encoding: 'windows-1252' }), ['id', 'name']);
    expect(await rowsOf('stg')).toEqual([['A-1', 'Café €5']]);
    expect(readdirSync(db.tempDirectory)).toEqual(['stg.utf8.csv']);
    s.dispose();
    expect(readdirSync(db.tempDirectory)).toEqual([]);
    const u = await stage(
      file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\nA-1,Zoë\n', 'utf16le')])),
      csv({ encoding: 'utf-16' }),
      ['id', 'name'],
    );
    expect(await rowsOf('stg')).toEqual([['A-1', 'Zoë']]);
    u.dispose();
    // Mixed line endings too: the UTF-8 copy is the one given one kind of line ending.
    const both = await stage(
      file('cp1252-mixed.csv', iconv.encode('id,name\r\nA-1,Café\nA-2,Zoë\r\n', 'windows-1252')),
      csv({ encoding: 'windows-1252' }),
      ['id', 'name'],
    );
    expect(await rowsOf('stg')).toEqual([
      ['A-1', 'Café'],
      ['A-2', 'Zoë'],
    ]);
    expect(readdirSync(db.tempDirectory).sort()).toEqual(['stg.lf.csv', 'stg.utf8.csv']);
    both.dispose();
    // UTF-8 is read as it is: no copy.
    const plain = await stage(file('utf8.csv', 'id,name\nA-1,Zoë\n'), csv({ encoding: 'utf-8' }), ['id', 'name']);
    expect(readdirSync(db.tempDirectory)).toEqual([]);
    plain.dispose();
  });
});

describe('a read that fails', () => {
  const cancelled = () => Promise.reject(new Error('import cancelled'));
  const fail = (path: string, read: ReadOptions, names: string[]) =>
    stageFile(db, path, 3, 'accounts.csv', read, names, 'stg', cancelled);

  it('is the caller’s error, and leaves no copy and the reader’s order setting as it was', async () => {
    const setting = async () =>
      (await db.conn.runAndReadAll(`SELECT current_setting('preserve_insertion_order')::VARCHAR`)).getRowsJson()[0]![0];
    await stage(file('ok.csv', 'id\nA-1\n'), csv(), ['id']);
    expect(await setting()).toBe('false');
    const cp1252 = file('cancel.csv', iconv.encode('id\nA-1 €\n', 'windows-1252'));
    await expect(fail(cp1252, csv({ encoding: 'windows-1252' }), ['id'])).rejects.toThrow(/^import cancelled$/);
    expect(await setting()).toBe('false');
    // A whole gzip file is not called truncated for it.
    await db.conn.run('DROP TABLE IF EXISTS stg_rejects; DROP TABLE IF EXISTS stg_scans');
    await expect(fail(file('cancel.csv.gz', gzipSync('id\nA-1\n')), csv(), ['id'])).rejects.toThrow(
      /^import cancelled$/,
    );
    const ndjson = file('cancel.ndjson', '{"id":"A-1"}\nnot json\n');
    await expect(fail(ndjson, { format: 'ndjson' }, ['id'])).rejects.toThrow(/^import cancelled$/);
    await expect(fail(file('cancel.json', '[{"id":"A-1"}]'), { format: 'json' }, ['id'])).rejects.toThrow(
      /^import cancelled$/,
    );
    expect(await setting()).toBe('false');
    expect(readdirSync(db.tempDirectory)).toEqual([]);
  });
});

describe('rows the CSV reader refuses', () => {
  it('are logged at their line, as the row, with the reason in words', async () => {
    const s = await stage(file('ragged.csv', 'id,name\nA-1,Ann,extra\nA-2\nA-3,Cy\n'), csv(), ['id', 'name']);
    expect(s).toMatchObject({ rows: 1, rejected: 2 });
    expect(await rowsOf('stg')).toEqual([['A-3', 'Cy']]);
    // The one accepted row is on line 4.
    expect(await s.segments()).toEqual([{ ordStart: 0, offset: 4 }]);
    expect(await issues()).toEqual([
      ['accounts.csv', 2, '(row)', 'A-1,Ann,extra', 'row has more fields than the header', 'row rejected'],
      ['accounts.csv', 3, '(row)', 'A-2', 'row has fewer fields than the header', 'row rejected'],
    ]);
  });

  it('show at most the first 200 characters of a row, and refuse a line over 4 MiB', async () => {
    const long = 'x'.repeat(300);
    const s = await stage(file('long.csv', `id,name\nA-1,${long},extra\nA-2,${'y'.repeat(4 * 1024 * 1024)}\n`), csv(), [
      'id',
      'name',
    ]);
    expect(s).toMatchObject({ rows: 0, rejected: 2 });
    const logged = await issues();
    expect(logged.map((i) => [i[1], i[2], String(i[3]).length, i[4]])).toEqual([
      [2, '(row)', 200, 'row has more fields than the header'],
      [3, '(row)', 200, 'line is too long'],
    ]);
    expect(logged[0]![3]).toBe(`A-1,${long}`.slice(0, 200));
  });

  it('are placed by line, not by the reader’s record number, after a field over two lines', async () => {
    // Record 3 (the header, A-1's two lines, then A-2) is on line 4.
    const s = await stage(file('after-multi.csv', 'id,name\nA-1,"Ann\nSmith"\nA-2\n'), csv(), ['id', 'name']);
    expect(s).toMatchObject({ rows: 1, rejected: 1 });
    expect((await issues()).map((i) => [i[1], i[3]])).toEqual([[4, 'A-2']]);
  });

  it('name the eleventh column by its header too', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `col${i + 1}`);
    const row = 'a,b,c,d,e,f,g,h,i,j,"k"k';
    const s = await stage(file('wide.csv', `${names.join(',')}\n${row}\n`), csv(), names);
    expect(s.rejected).toBe(1);
    expect((await issues()).map((i) => [i[1], i[2], i[4]])).toEqual([
      [2, 'col11', 'quote character inside an unquoted field'],
    ]);
  });

  it('name the column a stray quote is in by its header (a quote inside an unquoted field is text)', async () => {
    const s = await stage(file('quote.csv', 'id,name\nA-1,"An"n\nA-2,Bob\n'), csv(), ['id', 'name']);
    expect(s).toMatchObject({ rows: 1, rejected: 1 });
    expect(await issues()).toEqual([
      ['accounts.csv', 2, 'name', 'A-1,"An"n', 'quote character inside an unquoted field', 'row rejected'],
    ]);
  });

  it('are logged after CRLF lines without the line break in their value', async () => {
    const s = await stage(file('ragged-crlf.csv', 'id,name\r\nA-1,Ann\r\nA-2\r\nA-3,Cy\r\n'), csv(), ['id', 'name']);
    expect(s).toMatchObject({ rows: 2, rejected: 1 });
    expect(await issues()).toEqual([
      ['accounts.csv', 3, '(row)', 'A-2', 'row has fewer fields than the header', 'row rejected'],
    ]);
    // Rows 0 and 1 are on lines 2 and 4: the rejected line 3 shifts the second.
    expect(await s.segments()).toEqual([
      { ordStart: 0, offset: 2 },
      { ordStart: 1, offset: 3 },
    ]);
  });

  it('say where a quote left open starts, and name every row it swallowed', async () => {
    const s = await stage(file('runaway.csv', 'id,name\nA-1,"Ann\nA-2,Bob\nA-3,Cy\n'), csv(), ['id', 'name']);
    expect(s).toMatchObject({ rows: 0, rejected: 3 });
    expect(await issues()).toEqual([
      [
        'accounts.csv',
        2,
        'name',
        'A-1,"Ann',
        'a quote opened on line 2 is never closed, so lines 2–4 were read as one row (the 2 rows below it are rejected with it); fix or remove that quote and import again',
        'row rejected',
      ],
      [
        'accounts.csv',
        3,
        '(row)',
        'A-2,Bob',
        'inside the quoted field that starts on line 2: not read as a row',
        'row rejected',
      ],
      [
        'accounts.csv',
        4,
        '(row)',
        'A-3,Cy',
        'inside the quoted field that starts on line 2: not read as a row',
        'row rejected',
      ],
    ]);
  });

  it('say so of one row swallowed, and blame a quote left open only for the row it starts', async () => {
    const s = await stage(file('one.csv', 'id,name\nA-1,x,"Ann\nSmith"\nA-2,"Bob\nA-3,Cy\n'), csv(), ['id', 'name']);
    expect(s).toMatchObject({ rows: 0, rejected: 3 });
    expect((await issues()).map((i) => [i[1], i[4]])).toEqual([
      [2, 'a quoted field runs from line 2 to line 3, so they were read as one broken row; check the quotes on line 2'],
      [
        4,
        'a quote opened on line 4 is never closed, so lines 4–5 were read as one row (the 1 row below it are rejected with it); fix or remove that quote and import again',
      ],
      [5, 'inside the quoted field that starts on line 4: not read as a row'],
    ]);
  });

  it('blame a quote left open on the last line of the row it breaks', async () => {
    // Lines 2–3: a closed field over both, then a quote opened on line 3 that runs to the end. Line 3 has a
    // row's worth of delimiters, so it is named as a row swallowed too.
    await stage(file('last-line.csv', 'id,name\nA-1,"Ann\nSmith",x,"Bob\n'), csv(), ['id', 'name']);
    expect((await issues()).map((i) => [i[1], i[4]])).toEqual([
      [
        2,
        'a quote opened on line 3 is never closed, so lines 2–3 were read as one row (the 1 row below it are rejected with it); fix or remove that quote and import again',
      ],
      [3, 'inside the quoted field that starts on line 2: not read as a row'],
    ]);
  });

  it('say how far a closed quoted field ran when its row is broken', async () => {
    const s = await stage(file('multiline.csv', 'id,name\nA-1,x,"Ann\nSmith"\nA-2,Bob\n'), csv(), ['id', 'name']);
    expect(s).toMatchObject({ rows: 1, rejected: 1 });
    expect(await issues()).toEqual([
      [
        'accounts.csv',
        2,
        '(row)',
        'A-1,x,"Ann',
        'a quoted field runs from line 2 to line 3, so they were read as one broken row; check the quotes on line 2',
        'row rejected',
      ],
    ]);
  });

  it('name bytes that are not UTF-8 (DuckDB calls them invalid in the encoding)', async () => {
    const s = await stage(
      file(
        'bad-utf8.csv',
        Buffer.concat([Buffer.from('id,name\nA-1,Caf'), Buffer.from([0xe9]), Buffer.from('\nA-2,Bob\n')]),
      ),
      csv(),
      ['id', 'name'],
    );
    expect(s).toMatchObject({ rows: 1, rejected: 1 });
    const [issue] = await issues();
    expect([issue![1], issue![4]]).toEqual([2, 'bytes are not valid in the file encoding']);
  });
});

describe('a CSV read straight into a table', () => {
  const into: ReadInto = {
    table: 'typed',
    select: (source) => `SELECT c0 AS id, upper(c1) AS name FROM ${source}`,
  };

  it('writes what the caller selects, counts its rows and logs the rejects once', async () => {
    const path = file('into.csv', 'id,name\nA-1,ann\nA-2\nA-3,cy\n');
    const s = await stage(path, csv(), ['id', 'name'], into);
    expect(s).toMatchObject({ table: null, rows: 2, rejected: 1, location: 'line' });
    expect(await rowsOf('typed')).toEqual([
      ['A-1', 'ANN'],
      ['A-3', 'CY'],
    ]);
    expect(await tables()).not.toContain('stg');
    expect(await s.segments()).toEqual([
      { ordStart: 0, offset: 2 },
      { ordStart: 1, offset: 3 },
    ]);
    // Its text afterwards, from a second read whose rejects are not logged again nor left behind.
    await s.stageText!('again');
    expect(await rowsOf('again')).toEqual([
      ['A-1', 'ann'],
      ['A-3', 'cy'],
    ]);
    expect((await issues()).length).toBe(1);
    expect((await tables()).filter((t) => t.startsWith('again'))).toEqual(['again']);
    s.dispose();
  });
});

describe('an NDJSON file', () => {
  it('stages its records as text and logs a line that is not JSON at its line', async () => {
    const path = file('events.ndjson', '{"id":"A-1","n":1}\nnot json\n\n{"id":"A-2","n":2.5,"extra":true}\n');
    const s = await stage(path, { format: 'ndjson' }, ['id', 'n']);
    expect(s).toMatchObject({ table: 'stg', rows: 2, rejected: 1, location: 'line' });
    expect(await rowsOf('stg')).toEqual([
      ['A-1', '1.0'],
      ['A-2', '2.5'],
    ]);
    // Record 0 on line 1, record 1 on line 4 (after the bad and the blank line).
    expect(await s.segments()).toEqual([
      { ordStart: 0, offset: 1 },
      { ordStart: 1, offset: 3 },
    ]);
    const logged = await issues();
    expect(logged.map((i) => i.slice(0, 4))).toEqual([['accounts.csv', 2, '(row)', 'not json']]);
    expect(String(logged[0]![4])).toMatch(/^not valid JSON \(/);
    expect(readdirSync(db.tempDirectory)).toEqual(['stg.clean.ndjson']);
    s.dispose();
    expect(readdirSync(db.tempDirectory)).toEqual([]);
  });

  it('has NULL for a column no record holds', async () => {
    await stage(file('short.ndjson', '{"id":"A-1"}\n'), { format: 'ndjson' }, ['id', 'plan']);
    expect(await columnNames('stg')).toEqual(['c0', 'c1']);
    expect(await rowsOf('stg')).toEqual([['A-1', null]]);
  });

  it('of blank lines only is an empty table, with nothing logged', async () => {
    const s = await stage(file('blank.ndjson', '\n  \n'), { format: 'ndjson' }, ['id']);
    expect(s).toMatchObject({ table: 'stg', rows: 0, rejected: 0 });
    expect(await columnNames('stg')).toEqual(['c0']);
    expect(await issues()).toEqual([]);
  });

  it('with no record left is an empty table', async () => {
    const s = await stage(file('none.ndjson', '[1]\n"x"\n'), { format: 'ndjson' }, ['id', 'plan']);
    expect(s).toMatchObject({ table: 'stg', rows: 0, rejected: 2, location: 'line' });
    expect(await columnNames('stg')).toEqual(['c0', 'c1']);
    expect(await rowsOf('stg')).toEqual([]);
    expect(await s.segments()).toEqual([]);
    expect((await issues()).map((i) => [i[1], i[4]])).toEqual([
      [1, 'not a JSON object (each line of an NDJSON file must be one record {…})'],
      [2, 'not a JSON object (each line of an NDJSON file must be one record {…})'],
    ]);
    s.dispose();
  });
});

describe('a workbook', () => {
  const book = () =>
    workbookBytes([
      {
        name: 'Accounts',
        rows: [
          { row: 1, cells: ['Accounts report'] },
          { row: 2, cells: ['id', 'name', 'seats'] },
          { row: 3, cells: ['A-1', 'Ann', '10'] },
          { row: 5, cells: ['A-2', '', '12'] },
          { row: 6, cells: ['A-3'] },
        ],
      },
      {
        name: 'Plans',
        rows: [
          { row: 1, cells: ['plan'] },
          { row: 2, cells: ['Gold'] },
        ],
      },
      { name: 'Notes', rows: [] },
    ]);

  it('stages the first sheet by default, below the rows to skip and the header', async () => {
    const s = await stage(file('book.xlsx', book()), { format: 'xlsx', skipRows: 1 }, ['id', 'name', 'seats']);
    expect(s).toMatchObject({ table: 'stg', rows: 3, rejected: 0, location: 'row' });
    // An empty or absent cell is NULL.
    expect(await rowsOf('stg')).toEqual([
      ['A-1', 'Ann', '10'],
      ['A-2', null, '12'],
      ['A-3', null, null],
    ]);
    // Rows 0, 1, 2 are on sheet rows 3, 5, 6: offsets 3, then 4 from row 1 on.
    expect(await s.segments()).toEqual([
      { ordStart: 0, offset: 3 },
      { ordStart: 1, offset: 4 },
    ]);
    s.dispose();
  });

  it('has NULL for a column past the sheet’s last', async () => {
    await stage(file('book4.xlsx', book()), { format: 'xlsx', sheet: 'Plans' }, ['plan', 'price']);
    expect(await rowsOf('stg')).toEqual([['Gold', null]]);
  });

  it('stages the sheet it is given by name, with or without a header', async () => {
    const s = await stage(file('book2.xlsx', book()), { format: 'xlsx', sheet: 'Plans' }, ['plan']);
    expect(await rowsOf('stg')).toEqual([['Gold']]);
    expect(await s.segments()).toEqual([{ ordStart: 0, offset: 2 }]);
    const bare = await stage(file('book3.xlsx', book()), { format: 'xlsx', sheet: 'Plans', header: false }, ['a']);
    expect(bare.rows).toBe(2);
    expect(await rowsOf('stg')).toEqual([['plan'], ['Gold']]);
    expect(await bare.segments()).toEqual([{ ordStart: 0, offset: 1 }]);
  });
});

describe('a Parquet or JSON file', () => {
  it('stages its columns in file order as text, whatever their names', async () => {
    const path = join(dir, 'typed.parquet');
    await db.conn.run(
      `COPY (SELECT 'A-1' AS "account id", 12 AS seats, DATE '2026-01-31' AS renewal) TO '${path}' (FORMAT parquet)`,
    );
    const s = await stage(path, { format: 'parquet' }, ['account id', 'seats', 'renewal', 'missing']);
    expect(s).toMatchObject({ table: 'stg', rows: 1, rejected: 0, location: 'row' });
    expect(await rowsOf('stg')).toEqual([['A-1', '12', '2026-01-31', null]]);
    expect(await s.segments()).toEqual([{ ordStart: 0, offset: 1 }]);
    const j = await stage(file('list.json', '[{"id":"A-1","n":1},{"id":"A-2","n":2}]'), { format: 'json' }, [
      'id',
      'n',
    ]);
    expect(j).toMatchObject({ rows: 2, location: 'record' });
    expect(await rowsOf('stg')).toEqual([
      ['A-1', '1'],
      ['A-2', '2'],
    ]);
  });
});
