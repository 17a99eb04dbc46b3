/**
 * Spreadsheet cells as text (engine/node/import/xlsx.ts): each row with its row
 * number in the sheet, numbers as a person reads them, dates as ISO dates, a
 * formula's cached value. The workbook is built here from its XML, so every
 * cell's stored value is known.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWorkbookSheet, sheetNames } from '../../engine/node/import/xlsx.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const sheetXml = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`;
const str = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
const num = (ref: string, v: string, style = 0) => `<c r="${ref}" s="${style}"><v>${v}</v></c>`;

// Row 1 a header; row 2 numbers; row 3 absent; row 4 a date (style 1, m/d/yyyy) and a formula; row 5 only an
// empty string; row 6 a boolean and a long numeric id; row 7 no cell in column B.
const ACCOUNTS = sheetXml(
  `<row r="1">${str('A1', 'id')}${str('B1', 'arr')}${str('C1', 'share')}</row>` +
    `<row r="2">${str('A2', 'A-1')}${num('B2', '120000')}${num('C2', '0.30000000000000004')}</row>` +
    `<row r="4">${str('A4', 'A-2')}${num('B4', '45306', 1)}<c r="C4"><f>B2/2</f><v>60000</v></c></row>` +
    `<row r="5">${str('A5', '')}</row>` +
    `<row r="6"><c r="A6" t="b"><v>1</v></c>${num('B6', '1234567890123456789')}${num('C6', '-2.675')}</row>` +
    `<row r="7">${str('A7', 'A-4')}${num('C7', '5')}</row>`,
);
const NOTES = sheetXml(`<row r="1">${str('A1', 'Exported by')}${str('B1', 'Salesforce')}</row>`);
const STYLES =
  `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><cellXfs count="2">` +
  '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>';
const TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const FILES: Record<string, string> = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${TYPE}.sheet.main+xml"/>` +
    `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${TYPE}.worksheet+xml"/>` +
    `<Override PartName="/xl/worksheets/sheet2.xml" ContentType="${TYPE}.worksheet+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${TYPE}.styles+xml"/></Types>`,
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml':
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>` +
    '<sheet name="Accounts" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId2"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
    `<Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/>` +
    `<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
  'xl/worksheets/sheet1.xml': ACCOUNTS,
  'xl/worksheets/sheet2.xml': NOTES,
  'xl/styles.xml': STYLES,
};

let path = '';
beforeAll(() => {
  path = join(mkdtempSync(join(tmpdir(), 'hsw-xlsx-')), 'accounts.xlsx');
  writeFileSync(path, zipSync(Object.fromEntries(Object.entries(FILES).map(([k, v]) => [k, strToU8(v)]))));
});

describe('a workbook', () => {
  it('lists its sheets in order', async () => {
    expect(await sheetNames(path)).toEqual(['Accounts', 'Notes']);
  });

  it('gives the first sheet by default, each non-empty row with its row number and its cells as text', async () => {
    const { rows } = await readWorkbookSheet(path);
    expect(rows).toEqual([
      { line: 1, cells: ['id', 'arr', 'share'] },
      // 0.1 + 0.2 as stored reads 0.3 (15 significant digits).
      { line: 2, cells: ['A-1', '120000', '0.3'] },
      // Serial day 45306 is 2024-01-15; the formula gives its cached value, never its text.
      { line: 4, cells: ['A-2', '2024-01-15', '60000'] },
      // An integer keeps every digit a double holds (not rounded to 15); -2.675 stays as written.
      { line: 6, cells: ['true', '1234567890123456800', '-2.675'] },
      // A row with an empty cell is still a row.
      { line: 7, cells: ['A-4', '', '5'] },
    ]);
  });

  it('gives a sheet by name', async () => {
    expect(await readWorkbookSheet(path, 'Notes')).toEqual({
      rows: [{ line: 1, cells: ['Exported by', 'Salesforce'] }],
    });
  });
});
