/**
 * Exports in the encodings Western tools write: Excel's "CSV" is Windows-1252,
 * Excel's "Unicode text" UTF-16 LE, some databases UTF-16 BE. Each is detected
 * from its bytes and read character for character, with the file's own line numbers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { importFiles } from '../../engine/node/import/importFiles.js';
import { issueSummary } from '../../engine/node/import/issues.js';
import { detectEncoding, sniffFile } from '../../engine/node/import/sniff.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';

const NAMES = ['Café “Zürich” – Nord', 'Señor Müller’s €uro GmbH', 'Åkesson & Søn'];
const TEXT =
  'Account ID,Account Name,Customer Since\r\n' +
  `A-1,${NAMES[0]},2024-01-15\r\n` +
  `A-2,"${NAMES[1]}",2024-02-03\r\n` +
  'A-2,Duplicate,2024-02-04\r\n' +
  `A-3,${NAMES[2]},2024-03-01\r\n`;

const dir = mkdtempSync(join(tmpdir(), 'hsw-enc-'));
function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
const BOM_LE = Buffer.from([0xff, 0xfe]);
const BOM_BE = Buffer.from([0xfe, 0xff]);

const CASES = [
  { name: 'excel-ansi.csv', bytes: iconv.encode(TEXT, 'windows-1252'), encoding: 'windows-1252' },
  { name: 'excel-ansi.csv.gz', bytes: gzipSync(iconv.encode(TEXT, 'windows-1252')), encoding: 'windows-1252' },
  { name: 'unicode-le-bom.csv', bytes: Buffer.concat([BOM_LE, iconv.encode(TEXT, 'utf-16le')]), encoding: 'utf-16le' },
  { name: 'unicode-le.csv', bytes: iconv.encode(TEXT, 'utf-16le'), encoding: 'utf-16le' },
  { name: 'unicode-be-bom.csv', bytes: Buffer.concat([BOM_BE, iconv.encode(TEXT, 'utf-16be')]), encoding: 'utf-16be' },
  { name: 'unicode-be.csv', bytes: iconv.encode(TEXT, 'utf-16be'), encoding: 'utf-16be' },
  { name: 'utf8.csv', bytes: Buffer.from(TEXT, 'utf8'), encoding: 'utf-8' },
] as const;

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

describe('the encoding of an export', () => {
  it.each(CASES)('is detected from the bytes of $name as $encoding', ({ bytes, encoding, name }) => {
    if (!name.endsWith('.gz')) expect(detectEncoding(bytes)).toBe(encoding);
  });

  it.each(CASES)(
    '$name loads every character as written, with issues at the file’s own lines',
    async ({ name, bytes, encoding }) => {
      const path = file(name, bytes);
      db = await openDatabase();
      const sniffed = await sniffFile(db, path);
      expect(sniffed.read.encoding).toBe(encoding);
      expect(sniffed.columns.map((c) => c.name)).toEqual(['Account ID', 'Account Name', 'Customer Since']);
      const mapping = suggestFileMapping('accounts.csv', sniffed.columns);
      const columns = sniffed.columns.map((c) => c.name);
      const [summary] = await importFiles(
        db,
        [{ path, label: name, read: sniffed.read, columns, mapping }],
        () => undefined,
        () => false,
      );
      expect(summary).toMatchObject({ rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 });
      const names = (await db.conn.runAndReadAll('SELECT name FROM accounts ORDER BY account_id')).getRowsJson().flat();
      expect(names).toEqual(NAMES);
      const log = await issueSummary(db, 100, 0);
      expect(log.issues.map((i) => [i.line, i.value])).toEqual([[4, 'A-2']]);
    },
  );

  it('is Windows-1252, not Latin-1, for bytes only Windows-1252 defines (€ “ ” – ’)', () => {
    expect(detectEncoding(Buffer.from([0x80, 0x93, 0x94, 0x96, 0x92, 0x0a]))).toBe('windows-1252');
  });
});
