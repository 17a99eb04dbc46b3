/**
 * The standard folder goes through the mapped import (issue 16): bad rows are
 * listed, not loaded silently or fatal; a load that fails after its files were
 * read still reports (issue 15); the issue log is written by DuckDB with the
 * formula rule of engine/core/export/csv.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLine } from '../../engine/core/export/csv.js';
import type { ImportReport } from '../../engine/core/api/importSchema.js';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { loadWorkbenchData } from '../../engine/node/data/loadWorkbench.js';
import {
  appendIssues,
  createIssuesTable,
  ImportFailed,
  issuesCsvBytes,
  writeIssuesCsv,
} from '../../engine/node/import/issues.js';
import { EngineService } from '../../engine/node/service.js';
import { writeExports, weeklyUsage, type Row } from './fixtures.js';

const open: { close(): void }[] = [];
afterAll(() => open.forEach((d) => d.close()));

const accounts: Row[] = [
  {
    account_id: 'A1',
    name: 'Acme',
    segment: 'SMB',
    region: 'EMEA',
    plan: 'Pro',
    signup_date: '2024-01-10',
    arr: 12000,
    seats: 10,
  },
  {
    account_id: 'A2',
    name: 'Globex',
    segment: 'SMB',
    region: 'EMEA',
    plan: 'Pro',
    signup_date: '2024-01-10',
    arr: 9000,
    seats: 5,
  },
];
const usage = [...weeklyUsage('A1', '2024-02-05', 30, () => 20), ...weeklyUsage('A2', '2024-02-05', 30, () => 10)];
const churn: Row[] = [{ account_id: 'A2', churn_date: '2024-08-20', reason: 'Budget' }];

async function issuesOf(db: Database) {
  return (
    await db.conn.runAndReadAll(
      'SELECT file, line::INTEGER, column_name, value, reason, action FROM import_issues ORDER BY file, line, column_name',
    )
  ).getRowsJson();
}

describe('a standard folder loads through the mapped import', () => {
  it('lists unknown accounts, negative and non-numeric counts instead of loading them silently or failing', async () => {
    const bad: Row[] = [
      { ...usage[0]!, account_id: 'ZZ9' }, // line 62: no such account
      { ...usage[1]!, logins: -3 }, // line 63: impossible count
      { ...usage[2]!, active_users: 'twelve' }, // line 64: not a number
      { ...usage[3]!, account_id: ' A1 ', date: '2024-09-02' }, // line 65: padded id, trimmed like every import trims it
    ];
    const dir = writeExports({ accounts, usage_events: [...usage, ...bad], churn });
    const data = await loadWorkbenchData(dir);
    open.push(data);
    const u = data.imported.find((f) => f.label === 'usage_events.csv')!;
    expect(u).toMatchObject({ rowsRead: usage.length + 4, rowsRejected: 1, rowsLoaded: usage.length + 3 });
    expect(u.rowsRead).toBe(u.rowsLoaded + u.rowsRejected);
    const first = usage.length + 2; // header on line 1
    expect((await issuesOf(data.db)).filter((r) => r[0] === 'usage_events.csv')).toEqual([
      ['usage_events.csv', first, 'account_id', 'ZZ9', 'account id not in the accounts export', 'row rejected'],
      ['usage_events.csv', first + 1, 'logins', '-3', 'not a whole non-negative count', 'value set to missing'],
      ['usage_events.csv', first + 2, 'active_users', 'twelve', 'not a number', 'value set to missing'],
    ]);
    // The padded id loaded as A1 (the trim is the mapped import's rule, not a change made silently here).
    const padded = await data.db.conn.runAndReadAll(
      `SELECT count(*)::INTEGER FROM usage_events WHERE account_id = 'A1' AND date = DATE '2024-09-02'`,
    );
    expect(padded.getRowsJson()[0]![0]).toBe(1);
  });

  it('says which file has only a header, keeping the report', async () => {
    const dir = writeExports({ accounts: [], usage_events: usage, churn });
    const err = await loadWorkbenchData(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFailed);
    const failed = err as ImportFailed;
    open.push(failed.db!);
    expect(failed.message).toMatch(/^accounts\.csv has a header but no rows: .*Export the account list again\./);
    expect(failed.imported.find((f) => f.label === 'accounts.csv')).toMatchObject({ rowsRead: 0, rowsLoaded: 0 });
  });

  it('keeps the per-file report and issue log when no usage row has a date, and says how to fix it', async () => {
    const dir = writeExports({ accounts, usage_events: usage.map((r) => ({ ...r, date: '05/02/2024' })), churn });
    const err = await loadWorkbenchData(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFailed);
    const failed = err as ImportFailed;
    open.push(failed.db!);
    expect(failed.message).toBe(
      `No usage row loaded with an account and a date, so there is no month to score. usage_events.csv: all ${usage.length} rows were rejected (${usage.length} with "unparseable date (expected YYYY-MM-DD (ISO))", first on line 2): map its Date column to the column holding each row’s day and give the date format it uses. Then import again; the issue log lists every rejected row.`,
    );
    const read = failed.imported.filter((f) => f.rowsRead > 0);
    expect(read.map((f) => [f.label, f.rowsRead, f.rowsLoaded, f.rowsRejected])).toEqual([
      ['accounts.csv', 2, 2, 0],
      ['usage_events.csv', usage.length, 0, usage.length],
      ['churn.csv', 1, 1, 0],
    ]);
    expect(await issuesOf(failed.db!)).toHaveLength(usage.length);
  });

  it('the app shows that report and offers its issue log when the start-up folder fails so', async () => {
    const dir = writeExports({ accounts, usage_events: usage.map((r) => ({ ...r, date: '05/02/2024' })), churn });
    const service = new EngineService({ dataDir: dir, stateDir: mkdtempSync(join(tmpdir(), 'hsw-state-')) });
    open.push({ close: () => void service.close() });
    await expect(service.whenReady()).rejects.toThrow(/No usage row loaded/);
    const report = (await service.handle('getImportReport', {})) as ImportReport;
    expect(report.files.filter((f) => f.rowsRead > 0).map((f) => f.file)).toEqual([
      'accounts.csv',
      'usage_events.csv',
      'churn.csv',
    ]);
    expect(report.total).toBe(usage.length);
    const csv = new TextDecoder().decode(await service.call('getImportIssuesCsv', {}));
    expect(csv.trim().split('\n')).toHaveLength(usage.length + 1);
    expect(csv.split('\n')[1]).toBe(
      'usage_events.csv,2,date,05/02/2024,unparseable date (expected YYYY-MM-DD (ISO)),row rejected',
    );
  });
});

describe('the issue log as CSV', () => {
  let db: Database;
  afterAll(() => db.close());
  // Every kind of cell csvCell treats specially, and some it must leave alone.
  const values = [
    '=HYPERLINK("http://evil.example","x")',
    '+41 22 000',
    '-3',
    '@SUM(A1)',
    '\tTabbed',
    '\rCarriage',
    'comma, inside',
    'quote " inside',
    'line\nbreak',
    'cr\rinside',
    '',
    'plain',
    ' =space first',
    "'already quoted",
    'Ünïcødé ✓',
    '==',
  ];

  it('DuckDB writes exactly what csvCell writes: quoting and the formula apostrophe agree', async () => {
    db = await openDatabase();
    await createIssuesTable(db);
    await appendIssues(
      db,
      0,
      values.map((v, i) => ({
        file: i === 0 ? '=evil.csv' : 'f.csv',
        line: i + 2,
        column: i === 1 ? '-col' : 'c',
        value: v,
        reason: i === 2 ? '@reason' : 'r, with comma',
        action: 'row rejected' as const,
      })),
    );
    const expected =
      csvLine(['file', 'line', 'column', 'value', 'reason', 'action']) +
      values
        .map((v, i) =>
          csvLine([
            i === 0 ? '=evil.csv' : 'f.csv',
            i + 2,
            i === 1 ? '-col' : 'c',
            v,
            i === 2 ? '@reason' : 'r, with comma',
            'row rejected',
          ]),
        )
        .join('');
    expect(new TextDecoder().decode(await issuesCsvBytes(db))).toBe(expected);
    const path = join(mkdtempSync(join(tmpdir(), 'hsw-issues-')), 'issues.csv');
    await writeIssuesCsv(db, path);
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });

  it('is just the header when nothing was imported', async () => {
    const empty = await openDatabase();
    try {
      const path = join(mkdtempSync(join(tmpdir(), 'hsw-issues-')), 'issues.csv');
      writeFileSync(path, 'stale');
      await writeIssuesCsv(empty, path);
      expect(readFileSync(path, 'utf8')).toBe('file,line,column,value,reason,action\n');
    } finally {
      empty.close();
    }
  });
});
