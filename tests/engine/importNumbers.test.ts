/**
 * Numbers as exports write them. A column either groups thousands with commas
 * ("12,345", "1,234.50": US and UK tools) or uses a decimal comma ("1200,50",
 * "1.234,5": most of Europe); the column as a whole decides, every rewritten value
 * is listed, and a value no export means (NaN, Infinity, a 13-digit seat count)
 * becomes missing with a reason instead of aborting the import.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { importFiles } from '../../engine/node/import/importFiles.js';
import { issueSummary } from '../../engine/node/import/issues.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';

const dir = mkdtempSync(join(tmpdir(), 'hsw-num-'));
let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

async function load(csv: string) {
  const path = join(dir, `accounts-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, csv);
  db = await openDatabase();
  const s = await sniffFile(db, path);
  const suggested = suggestFileMapping('accounts.csv', s.columns);
  // Mapped as a user would confirm it: values like "NaN" alone must not decide whether ARR is a column.
  const columns = { ...suggested.columns, arr: 'ARR', ...(csv.includes('Seats') ? { seats: 'Seats' } : {}) };
  const mapping = { ...suggested, entity: 'accounts' as const, columns };
  const [summary] = await importFiles(
    db,
    [{ path, label: 'accounts.csv', read: s.read, columns: s.columns.map((c) => c.name), mapping }],
    () => undefined,
    () => false,
  );
  const rows = (
    await db.conn.runAndReadAll('SELECT account_id, arr, seats FROM accounts ORDER BY account_id')
  ).getRowsJson();
  const issues = (await issueSummary(db, 100, 0)).issues
    .sort((a, b) => a.column.localeCompare(b.column) || a.line - b.line)
    .map((i) => `${i.line} ${i.column} ${i.value}: ${i.reason} → ${i.action}`);
  return { summary, rows, issues };
}

describe('numbers in an export', () => {
  it('reads commas that group thousands as such, and says so for each value', async () => {
    const { summary, rows, issues } = await load(
      'Account ID,Account Name,Customer Since,ARR,Seats\nA-1,Acme,2024-01-01,"12,345","1,000"\nA-2,Beta,2024-01-01,"1,234.50",12\nA-3,Gamma,2024-01-01,900.5,3\n',
    );
    expect(rows).toEqual([
      ['A-1', 12345, 1000],
      ['A-2', 1234.5, 12],
      ['A-3', 900.5, 3],
    ]);
    expect(issues).toEqual([
      '2 ARR 12,345: thousands separators removed → value coerced',
      '3 ARR 1,234.50: thousands separators removed → value coerced',
      '2 Seats 1,000: thousands separators removed → value coerced',
    ]);
    expect(summary).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0, valuesChanged: 3 });
  });

  it('reads a decimal comma where the column uses one, dots then grouping thousands', async () => {
    const { rows, issues } = await load(
      'Account ID;Account Name;Customer Since;ARR\nA-1;Acme;2024-01-01;1200,50\nA-2;Beta;2024-01-01;1.234,5\nA-3;Gamma;2024-01-01;12,345\nA-4;Delta;2024-01-01;800\n',
    );
    expect(rows.map((r) => r[1])).toEqual([1200.5, 1234.5, 12.345, 800]);
    expect(issues).toEqual([
      '2 ARR 1200,50: decimal comma read as a decimal point → value coerced',
      '3 ARR 1.234,5: decimal comma read as a decimal point → value coerced',
      '4 ARR 12,345: decimal comma read as a decimal point → value coerced',
    ]);
  });

  it('sets NaN, Infinity and a count beyond any seat count to missing, with a reason, and keeps the row', async () => {
    const { summary, rows, issues } = await load(
      'Account ID,Account Name,Customer Since,ARR,Seats\nA-1,Acme,2024-01-01,NaN,9999999999999\nA-2,Beta,2024-01-01,Infinity,5\nA-3,Gamma,2024-01-01,-inf,7\n',
    );
    expect(rows).toEqual([
      ['A-1', null, null],
      ['A-2', null, 5],
      ['A-3', null, 7],
    ]);
    expect(issues).toEqual([
      '2 ARR NaN: not a number → value set to missing',
      '3 ARR Infinity: not a number → value set to missing',
      '4 ARR -inf: not a number → value set to missing',
      '2 Seats 9999999999999: count above 2,147,483,647 → value set to missing',
    ]);
    expect(summary).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0 });
  });
});
