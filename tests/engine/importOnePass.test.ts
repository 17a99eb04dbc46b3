/**
 * What the one-pass typing (engine/node/import/typeFile.ts) relies on, and the
 * cases where a row's flag or a hash stands in for a check: a comma found only
 * late in a column, an impossible override score that still counts as set, and
 * exact duplicates that differ only in how zero is written or in a blank.
 * Expectations are worked out by hand from the rows below.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { standardFolder } from '../../engine/node/data/standardFolder.js';
import { importFiles } from '../../engine/node/import/importFiles.js';

const open: Database[] = [];
afterAll(() => open.forEach((d) => d.close()));

const ACCOUNTS = [
  'account_id,name,segment,region,plan,signup_date,arr,seats',
  'A1,Acme,SMB,EMEA,Pro,2024-01-10,12000,10',
  'A2,Globex,SMB,EMEA,Pro,2024-01-10,9000,5',
];
const CHURN = ['account_id,churn_date,reason', 'A2,2024-08-20,Budget'];
const USAGE_HEADER = 'account_id,date,active_users,logins,features_used,key_actions,session_minutes,api_calls';
/** 40 clean daily rows for A1: one comma late in a column must still be seen. */
const cleanUsage = Array.from(
  { length: 40 },
  (_, i) => `A1,2024-03-${String((i % 28) + 1).padStart(2, '0')},${i + 1},5,3,2,30,${100 + i}`,
);

async function importFolder(files: Record<string, string[]>) {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-one-pass-'));
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), lines.join('\n') + '\n');
  const db = await openDatabase();
  open.push(db);
  const folder = await standardFolder(db, dir);
  const summary = await importFiles(
    db,
    folder.inputs,
    () => undefined,
    () => false,
  );
  const issues = (
    await db.conn.runAndReadAll(
      'SELECT file, line::INTEGER, column_name, value, reason, action FROM import_issues ORDER BY file, line, column_name, reason',
    )
  ).getRowsJson();
  return { db, summary, issues };
}

describe('one pass over the text', () => {
  it("relies on DuckDB's cast to DOUBLE reading no comma and skipping surrounding spaces", async () => {
    const db = await openDatabase();
    open.push(db);
    const row = (
      await db.conn.runAndReadAll(
        `SELECT TRY_CAST('1,234' AS DOUBLE), TRY_CAST('1,5' AS DOUBLE), TRY_CAST(',5' AS DOUBLE), TRY_CAST('12,' AS DOUBLE),
           TRY_CAST('  12.5 ' AS DOUBLE), TRY_CAST(trim('  12.5 ') AS DOUBLE)`,
      )
    ).getRowsJson()[0]!;
    // A plain read leaves a comma's value missing (so its row is flagged) and needs no trim.
    expect(row).toEqual([null, null, null, null, 12.5, 12.5]);
  });

  it('reads a column plainly until its flagged rows show a comma, then again in its style', async () => {
    // Line 42 is the only value with a comma: a thousands separator in api_calls.
    const usage = [USAGE_HEADER, ...cleanUsage, 'A1,2024-04-02,7,5,3,2,30,"1,234"'];
    const { db, summary, issues } = await importFolder({
      'accounts.csv': ACCOUNTS,
      'usage_events.csv': usage,
      'churn.csv': CHURN,
    });
    expect(issues).toEqual([
      ['usage_events.csv', 42, 'api_calls', '1,234', 'thousands separators removed', 'value coerced'],
    ]);
    const u = summary.find((f) => f.label === 'usage_events.csv')!;
    expect([u.rowsRead, u.rowsLoaded, u.rowsRejected, u.valuesChanged]).toEqual([41, 41, 0, 1]);
    const loaded = (
      await db.conn.runAndReadAll("SELECT api_calls FROM usage_events WHERE date = DATE '2024-04-02'")
    ).getRowsJson();
    expect(loaded).toEqual([[1234]]);
  });

  it('counts an impossible override score as set (it becomes missing), and rejects an override that sets nothing', async () => {
    const { db, issues } = await importFolder({
      'accounts.csv': ACCOUNTS,
      'usage_events.csv': [USAGE_HEADER, ...cleanUsage],
      'churn.csv': CHURN,
      'overrides.csv': [
        'account_id,created_at,tier,score,reason,author,expires_at',
        'A1,2024-05-01,,150,Exec escalation,Nora,2024-06-01',
        'A1,2024-05-02,,,Nothing set,Nora,2024-06-01',
        'A2,2024-05-03,Red,,Budget freeze,Mateo,2024-06-01',
      ],
    });
    expect(issues).toEqual([
      ['overrides.csv', 2, 'score', '150', 'override score outside 0–100', 'value set to missing'],
      ['overrides.csv', 3, 'tier', '', 'override sets neither a tier nor a score', 'row rejected'],
    ]);
    const kept = (
      await db.conn.runAndReadAll('SELECT account_id, tier, score FROM overrides ORDER BY created_at')
    ).getRowsJson();
    expect(kept).toEqual([
      ['A1', null, null],
      ['A2', 'Red', null],
    ]);
  });

  it('takes rows equal but for "-0" against "0", or both blank, as one row exported twice', async () => {
    const usage = [
      USAGE_HEADER,
      ...cleanUsage,
      'A2,2024-04-01,3,0,1,1,,12', // line 42
      'A2,2024-04-01,3,-0,1,1,,12', // 43: -0 is 0, and both session_minutes are blank
      'A2,2024-04-01,3,0,1,1,5,12', // 44: a different session_minutes, kept
    ];
    const { summary, issues } = await importFolder({
      'accounts.csv': ACCOUNTS,
      'usage_events.csv': usage,
      'churn.csv': CHURN,
    });
    expect(issues).toEqual([
      ['usage_events.csv', 42, 'session_minutes', '', 'blank Session minutes', 'blank kept as missing'],
      [
        'usage_events.csv',
        43,
        '(row)',
        'A2',
        'exact duplicate of an earlier row in this file (counted once)',
        'row rejected',
      ],
      ['usage_events.csv', 43, 'session_minutes', '', 'blank Session minutes', 'blank kept as missing'],
    ]);
    const u = summary.find((f) => f.label === 'usage_events.csv')!;
    expect([u.rowsRead, u.rowsLoaded, u.rowsRejected]).toEqual([43, 42, 1]);
  });
});
