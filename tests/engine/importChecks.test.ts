/**
 * Rows that would load but mislead: a report's footer, the same usage row exported
 * twice, dates no event can have, churn before the account existed. Each is a rejected
 * row with its reason at its line, and the counts still add up.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { importFiles, type ImportedFile } from '../../engine/node/import/importFiles.js';
import { issueSummary } from '../../engine/node/import/issues.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';

const dir = mkdtempSync(join(tmpdir(), 'hsw-checks-'));
let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

const ACCOUNTS =
  'Account ID,Account Name,Customer Since,Renewal Date\n' +
  'A-1,Acme,2024-01-15,2031-01-15\n' +
  'A-2,Total Logistics Ltd,2024-02-01,\n' +
  'A-3,Gamma,2024-03-01,\n' +
  'Total,,,\n';

async function load(files: Record<string, string>, keepDuplicates?: boolean) {
  db = await openDatabase();
  const inputs = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
    writeFileSync(path, text);
    const s = await sniffFile(db, path);
    inputs.push({
      path,
      label: name,
      read: s.read,
      columns: s.columns.map((c) => c.name),
      mapping: { ...suggestFileMapping(name, s.columns), ...(keepDuplicates === undefined ? {} : { keepDuplicates }) },
    });
  }
  const summary = await importFiles(
    db,
    inputs,
    () => undefined,
    () => false,
  );
  const issues = (await issueSummary(db, 100, 0)).issues.map(
    (i) => `${i.file}:${i.line} ${i.column} ${i.value}: ${i.reason}`,
  );
  return { summary, issues, db };
}

const adds = (f: ImportedFile) => f.rowsRead === f.rowsLoaded + f.rowsRejected;

describe('import checks', () => {
  it('rejects a report footer ("Total") but keeps an account whose name only starts with it', async () => {
    const { summary, issues, db } = await load({ 'accounts.csv': ACCOUNTS });
    expect(issues).toEqual(['accounts.csv:5 Account ID Total: a report footer ("Total" row), not an account']);
    expect(summary[0]).toMatchObject({ rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 });
    const ids = (await db.conn.runAndReadAll('SELECT account_id FROM accounts ORDER BY 1')).getRowsJson().flat();
    expect(ids).toEqual(['A-1', 'A-2', 'A-3']);
  });

  it('counts a usage row exported twice once, naming the copy', async () => {
    const usage =
      'account_id,date,logins\n' +
      'A-1,2024-06-01,5\n' +
      'A-1,2024-06-01,5\n' + // the same row again
      'A-1,2024-06-01,6\n' + // same day, another value: a real second row
      'A-2,2024-06-01,1\n' +
      'A-1,2024-06-01,5\n';
    const { summary, issues, db } = await load({ 'accounts.csv': ACCOUNTS, 'usage_daily.csv': usage });
    expect(issues.filter((i) => i.startsWith('usage'))).toEqual([
      'usage_daily.csv:3 (row) A-1: exact duplicate of an earlier row in this file (counted once)',
      'usage_daily.csv:6 (row) A-1: exact duplicate of an earlier row in this file (counted once)',
    ]);
    expect(summary[1]).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsRejected: 2 });
    const logins = (
      await db.conn.runAndReadAll(`SELECT sum(logins)::INTEGER FROM usage_events WHERE account_id = 'A-1'`)
    ).getRowsJson();
    expect(logins).toEqual([[11]]);
  });

  it('keeps identical usage rows as separate events when the mapping says so, and still counts every row', async () => {
    const usage = 'account_id,date,logins\nA-1,2024-06-01,5\nA-1,2024-06-01,5\nA-2,2024-06-01,1\n';
    const { summary, issues, db } = await load({ 'accounts.csv': ACCOUNTS, 'usage_daily.csv': usage }, true);
    expect(issues.filter((i) => i.startsWith('usage'))).toEqual([]);
    expect(summary[1]).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0 });
    const logins = (
      await db.conn.runAndReadAll(`SELECT sum(logins)::INTEGER FROM usage_events WHERE account_id = 'A-1'`)
    ).getRowsJson();
    expect(logins).toEqual([[10]]);
  });

  it('rejects events dated before 1990 or after today, and keeps a renewal that lies ahead', async () => {
    const usage = 'account_id,date,logins\nA-1,2024-06-01,5\nA-1,2099-06-01,5\nA-2,1965-03-01,2\nA-2,1990-01-01,2\n';
    const { summary, issues, db } = await load({ 'accounts.csv': ACCOUNTS, 'usage_daily.csv': usage });
    expect(issues.filter((i) => i.startsWith('usage'))).toEqual([
      'usage_daily.csv:3 date 2099-06-01: date after today: it cannot have happened yet',
      'usage_daily.csv:4 date 1965-03-01: date before 1990-01-01: a placeholder or a typo',
    ]);
    expect(summary.every(adds)).toBe(true);
    const renewal = (
      await db.conn.runAndReadAll(`SELECT strftime(renewal_date, '%Y-%m-%d') FROM accounts WHERE account_id = 'A-1'`)
    ).getRowsJson();
    expect(renewal).toEqual([['2031-01-15']]);
  });

  it('rejects churn dated before the account started, saying both dates', async () => {
    const churn = 'account_id,churn_date\nA-1,2023-12-01\nA-3,2024-09-30\n';
    const { summary, issues, db } = await load({ 'accounts.csv': ACCOUNTS, 'churn.csv': churn });
    expect(issues.filter((i) => i.startsWith('churn'))).toEqual([
      'churn.csv:2 churn_date 2023-12-01: churn dated before the account started (2024-01-15): check both dates',
    ]);
    expect(summary[1]).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    const churned = (await db.conn.runAndReadAll('SELECT account_id FROM churn')).getRowsJson().flat();
    expect(churned).toEqual(['A-3']);
  });
});
