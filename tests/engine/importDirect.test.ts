/**
 * A CSV whose text no later step reads is typed straight from the reader and its
 * rows become the canonical table by a rename (typeFile.ts, insertRows.ts). The
 * shortcut must change nothing a user sees: the same values, issues, lines and
 * counts as a file staged as text, the canonical layout, and the thousands
 * separators a plain read cannot judge (the file is then read again as text).
 * The usage export is large enough (600,000 rows, 24 MB) that DuckDB reads it in
 * several parts at once, where only the insertion order keeps ordinals in file order
 * (at 300,000 rows a read that lost it still passed).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { EXPORT_TABLES } from '../../engine/node/data/exportTables.js';
import { standardFolder } from '../../engine/node/data/standardFolder.js';
import { importFiles, type ImportedFile } from '../../engine/node/import/importFiles.js';

const open: Database[] = [];
afterAll(() => open.forEach((d) => d.close()));

const ROWS = 600_000;
const ACCOUNTS = 200;
const day = (i: number) =>
  new Date(Date.UTC(2008, 0, 1) + Math.floor(i / ACCOUNTS) * 86_400_000).toISOString().slice(0, 10);
const id = (i: number) => `ACC-${String(i % ACCOUNTS).padStart(3, '0')}`;

/** Row i of the usage export (line i + 2), with the planted problems; `comma` writes row 0's API calls as "1,234". */
function usageRow(i: number, comma: boolean): string {
  const api = i === 0 ? (comma ? '"1,234"' : '1234') : String(i % 97);
  const account = i === 250_001 ? 'ACC-NOPE' : id(i);
  const logins = i === ROWS - 2 ? '-3' : String(i % 13);
  const minutes = i === 123_456 ? '' : String(i % 60);
  return `${account},${day(i)},${i % 7},${logins},${i % 5},${i % 3},${minutes},${api},0,0`;
}

function folder(comma: boolean, rows = ROWS): string {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-direct-'));
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `${id(i)},Account ${i},SMB,EMEA,Pro,2007-06-01,12000,10`);
  writeFileSync(
    join(dir, 'accounts.csv'),
    ['account_id,name,segment,region,plan,signup_date,arr,seats', ...accounts].join('\n') + '\n',
  );
  const usage = [
    'account_id,date,active_users,logins,features_used,key_actions,session_minutes,api_calls,trainings_completed,community_actions',
  ];
  for (let i = 0; i < rows; i++) usage.push(usageRow(i, comma));
  writeFileSync(join(dir, 'usage_events.csv'), usage.join('\n') + '\n');
  writeFileSync(join(dir, 'churn.csv'), 'account_id,churn_date,reason\nACC-001,2020-03-01,Budget\n');
  return dir;
}

async function load(dir: string): Promise<{ db: Database; files: ImportedFile[] }> {
  const db = await openDatabase();
  open.push(db);
  const f = await standardFolder(db, dir);
  return {
    db,
    files: await importFiles(
      db,
      f.inputs,
      () => undefined,
      () => false,
    ),
  };
}

const usageIssues = async (db: Database) =>
  (
    await db.conn.runAndReadAll(
      `SELECT line::INTEGER, column_name, value, reason, action FROM import_issues WHERE file = 'usage_events.csv' ORDER BY line, column_name`,
    )
  ).getRowsJson();

const expectedIssues = (comma: boolean) => [
  ...(comma ? [[2, 'api_calls', '1,234', 'thousands separators removed', 'value coerced']] : []),
  [123_458, 'session_minutes', '', 'blank Session minutes', 'blank kept as missing'],
  [250_003, 'account_id', 'ACC-NOPE', 'account id not in the accounts export', 'row rejected'],
  [ROWS, 'logins', '-3', 'not a whole non-negative count', 'value set to missing'],
];

describe('a CSV typed straight from the reader', () => {
  for (const comma of [false, true]) {
    it(`places every issue on its line and loads each value as written${comma ? ' (thousands separators: read again as text)' : ''}`, async () => {
      const { db, files } = await load(folder(comma));
      expect(await usageIssues(db)).toEqual(expectedIssues(comma));
      const usage = files.find((f) => f.label === 'usage_events.csv')!;
      expect(usage).toMatchObject({
        rowsRead: ROWS,
        rowsLoaded: ROWS - 1,
        rowsRejected: 1,
        valuesChanged: comma ? 3 : 2,
      });
      expect(usage.firstDate).toBe('2008-01-01');
      expect(usage.lastDate).toBe(day(ROWS - 1));
      const rows = (
        await db.conn.runAndReadAll(
          `SELECT account_id, strftime(date, '%Y-%m-%d'), logins, session_minutes, api_calls FROM usage_events
           WHERE (account_id = 'ACC-000' AND date = DATE '2008-01-01') OR (account_id = '${id(ROWS - 2)}' AND date = DATE '${day(ROWS - 2)}')
              OR (account_id = '${id(123_456)}' AND date = DATE '${day(123_456)}') ORDER BY 2`,
        )
      ).getRowsJson();
      expect(rows).toEqual([
        ['ACC-000', '2008-01-01', 0, 0, 1234],
        [id(123_456), day(123_456), 123_456 % 13, null, 123_456 % 97],
        [id(ROWS - 2), day(ROWS - 2), null, (ROWS - 2) % 60, (ROWS - 2) % 97],
      ]);
      const count = (await db.conn.runAndReadAll('SELECT count(*)::INTEGER FROM usage_events')).getColumns()[0]![0];
      expect(count).toBe(ROWS - 1);
    });
  }

  it('leaves every canonical table with the columns and types of the standard layout, and no working table', async () => {
    const { db } = await load(folder(false, 1000));
    for (const spec of EXPORT_TABLES) {
      const cols = (
        await db.conn.runAndReadAll(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${spec.name}' ORDER BY ordinal_position`,
        )
      ).getRowsJson();
      expect(cols, spec.name).toEqual(Object.entries(spec.columns));
    }
    const left = (
      await db.conn.runAndReadAll(
        `SELECT table_name FROM duckdb_tables() WHERE regexp_matches(table_name, '^(rows|typed|flagged|stg)_') UNION ALL
         SELECT view_name FROM duckdb_views() WHERE NOT internal`,
      )
    ).getRowsJson();
    expect(left).toEqual([]);
  });
});
