/**
 * Loading user exports: each fixture under tests/fixtures/import is named for
 * what is wrong with it, and the issue log must say exactly that, at the line
 * a person would find it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';
import { importFiles, type ImportInput } from '../../engine/node/import/importFiles.js';
import { issueSummary, issuesCsvBytes } from '../../engine/node/import/issues.js';
import type { FileMapping } from '../../engine/core/api/importSchema.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'import');
let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

async function prepare(files: string[], overrides: Record<string, FileMapping> = {}): Promise<ImportInput[]> {
  db = await openDatabase();
  const inputs: ImportInput[] = [];
  for (const f of files) {
    const s = await sniffFile(db, join(DIR, f));
    inputs.push({
      path: join(DIR, f),
      label: f,
      read: s.read,
      columns: s.columns.map((c) => c.name),
      mapping: overrides[f] ?? suggestFileMapping(f, s.columns),
    });
  }
  return inputs;
}

async function run(files: string[], overrides: Record<string, FileMapping> = {}) {
  const inputs = await prepare(files, overrides);
  const summary = await importFiles(
    db!,
    inputs,
    () => undefined,
    () => false,
  );
  const log = await issueSummary(db!, 1000, 0);
  const issues = log.issues.map(
    (i) => `${i.file}:${i.line} ${i.column} ${JSON.stringify(i.value)} ${i.reason} → ${i.action}`,
  );
  return { summary, issues, inputs };
}

const ACCOUNTS = 'crm-accounts-us-dates.csv';

describe('reading files', () => {
  it('sniffs delimiter, encoding, header and format from the file itself', async () => {
    const inputs = await prepare([
      ACCOUNTS,
      'invoices-latin1-semicolon.csv',
      'churn-no-header.tsv',
      'tickets-bom-multiline.csv',
      'segment-tracks.ndjson',
      'nps-epoch-ms.json',
      'stripe-invoices.parquet',
      'salesforce-accounts.xlsx',
    ]);
    expect(inputs.map((i) => i.read)).toEqual([
      { format: 'csv', encoding: 'utf-8', delimiter: ',', quote: '"', header: true },
      { format: 'csv', encoding: 'windows-1252', delimiter: ';', quote: '"', header: true },
      { format: 'csv', encoding: 'utf-8', delimiter: '\t', quote: '"', header: false },
      { format: 'csv', encoding: 'utf-8', delimiter: ',', quote: '"', header: true },
      { format: 'ndjson' },
      { format: 'json' },
      { format: 'parquet' },
      { format: 'xlsx', sheet: 'Accounts', header: true },
    ]);
    // Latin-1 decoded, BOM stripped, headerless columns named by position.
    expect(inputs[1]!.columns).toContain('Fälligkeitsdatum');
    expect(inputs[3]!.columns[0]).toBe('Ticket ID');
    expect(inputs[2]!.columns).toEqual(['column 1', 'column 2', 'column 3']);
  });

  it('counts finished trainings and community posts from event rows, and reads ticket sentiment, checking its range', async () => {
    const { issues, inputs } = await run([ACCOUNTS, 'events-training-community.csv', 'tickets-sentiment.csv']);
    expect(inputs[1]!.mapping.entity).toBe('usage_events');
    expect(inputs[2]!.mapping.columns.sentiment).toBe('Sentiment');
    expect(issues.filter((i) => i.startsWith('tickets'))).toEqual([
      'tickets-sentiment.csv:4 Sentiment "1.5" sentiment outside −1 … 1 → value set to missing',
    ]);
    const usage = (
      await db!.conn.runAndReadAll(
        `SELECT account_id, logins, trainings_completed, community_actions FROM usage_events ORDER BY 1`,
      )
    ).getRowsJson();
    expect(usage).toEqual([
      ['A-1', 1, 2, 1],
      ['A-2', 1, 0, 1],
    ]); // "Course Started" is not a completion
    const tickets = (await db!.conn.runAndReadAll(`SELECT ticket_id, sentiment FROM tickets ORDER BY 1`)).getRowsJson();
    expect(tickets).toEqual([
      ['Z-1', 0.75],
      ['Z-2', -0.25],
      ['Z-3', null],
      ['Z-4', null],
    ]);
  });

  it('leaves training and community unavailable when no event looks like one', async () => {
    await run([ACCOUNTS, 'segment-tracks.ndjson']);
    const r = (
      await db!.conn.runAndReadAll(
        `SELECT count(trainings_completed)::INTEGER, count(community_actions)::INTEGER, count(*)::INTEGER FROM usage_events`,
      )
    ).getRowsJson();
    expect(r).toEqual([[0, 0, 2]]);
  });

  it('lists the sheets of a workbook and reads the one chosen', async () => {
    db = await openDatabase();
    const s = await sniffFile(db, join(DIR, 'salesforce-accounts.xlsx'), { sheet: 'Notes' });
    expect(s.sheets).toEqual(['Accounts', 'Notes']);
    expect(s.columns.map((c) => c.name)).toEqual(['Exported by', 'Salesforce']);
  });
});

describe('validation: nothing is dropped without being counted and listed', () => {
  it('reports ragged rows at their line and keeps the good ones', async () => {
    const { summary, issues } = await run([ACCOUNTS, 'usage-ragged-rows.csv']);
    expect(issues).toEqual([
      'crm-accounts-us-dates.csv:4 ARR "" blank ARR → blank kept as missing',
      'usage-ragged-rows.csv:3 (row) "A-1,2024-06-02,7" row has fewer fields than the header → row rejected',
      'usage-ragged-rows.csv:5 (row) "A-2,2024-06-02,4,1,extra" row has more fields than the header → row rejected',
    ]);
    expect(summary[1]).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsRejected: 2 });
  });

  it('reports blank, non-numeric, negative and decimal-comma values, bad dates and unknown accounts', async () => {
    const { summary, issues } = await run([ACCOUNTS, 'usage-bad-values.csv']);
    expect(issues.filter((i) => i.startsWith('usage'))).toEqual([
      'usage-bad-values.csv:3 logins "" blank Logins → blank kept as missing',
      'usage-bad-values.csv:4 logins "abc" not a number → value set to missing',
      'usage-bad-values.csv:5 logins "-3" not a whole non-negative count → value set to missing',
      'usage-bad-values.csv:6 date "2024-13-45" unparseable date (expected YYYY-MM-DD (ISO)) → row rejected',
      'usage-bad-values.csv:7 account_id "Z-9" account id not in the accounts export → row rejected',
      'usage-bad-values.csv:8 logins "2,5" decimal comma read as a decimal point → value coerced',
      'usage-bad-values.csv:8 logins "2,5" not a whole non-negative count → value set to missing',
    ]);
    expect(summary[1]).toMatchObject({ rowsRead: 7, rowsLoaded: 5, rowsRejected: 2, valuesChanged: 5 });
    const loaded = (
      await db!.conn.runAndReadAll('SELECT count(*)::INTEGER, count(logins)::INTEGER FROM usage_events')
    ).getRowsJson()[0];
    expect(loaded).toEqual([5, 1]);
  });

  it('keeps the first of duplicate account ids and rejects blank ids', async () => {
    const { issues } = await run(['accounts-duplicate-ids.csv']);
    expect(issues).toEqual([
      'accounts-duplicate-ids.csv:4 account_id "A-1" duplicate account id (the first occurrence is kept) → row rejected',
      'accounts-duplicate-ids.csv:5 account_id "" blank Account ID → row rejected',
    ]);
    const names = (await db!.conn.runAndReadAll('SELECT name FROM accounts ORDER BY account_id')).getRowsJson().flat();
    expect(names).toEqual(['Acme', 'Beta']);
  });

  it('numbers lines as the file has them, past a quoted field with a line break and a BOM', async () => {
    const { issues } = await run([ACCOUNTS, 'tickets-bom-multiline.csv']);
    expect(issues).toContain(
      'tickets-bom-multiline.csv:5 Organization ID "A-9" account id not in the accounts export → row rejected',
    );
    const t = (
      await db!.conn.runAndReadAll(`SELECT ticket_id, strftime(opened_at, '%Y-%m-%d %H:%M') FROM tickets ORDER BY 1`)
    ).getRowsJson();
    expect(t).toEqual([
      ['T-1', '2024-06-03 10:00'],
      ['T-2\nreopened', '2024-06-05 11:00'],
    ]);
  });

  it('reads a Latin-1 semicolon export with DD.MM.YYYY dates and decimal commas once mapped', async () => {
    const mapping: FileMapping = {
      entity: 'invoices',
      columns: {
        account_id: 'Kunden-ID',
        invoice_id: 'Rechnungsnummer',
        issued_date: 'Rechnungsdatum',
        due_date: 'Fälligkeitsdatum',
        amount: 'Betrag',
        status: 'Status',
      },
      dateFormats: { issued_date: 'eu-dot', due_date: 'eu-dot' },
    };
    const { issues } = await run([ACCOUNTS, 'invoices-latin1-semicolon.csv'], {
      'invoices-latin1-semicolon.csv': mapping,
    });
    expect(issues.filter((i) => i.startsWith('invoices'))).toEqual([
      'invoices-latin1-semicolon.csv:2 Betrag "1200,50" decimal comma read as a decimal point → value coerced',
      'invoices-latin1-semicolon.csv:3 Betrag "99,90" decimal comma read as a decimal point → value coerced',
    ]);
    const rows = (
      await db!.conn.runAndReadAll(
        `SELECT invoice_id, strftime(issued_date, '%Y-%m-%d'), strftime(due_date, '%Y-%m-%d'), amount FROM invoices ORDER BY 1`,
      )
    ).getRowsJson();
    expect(rows).toEqual([
      ['R-1', '2024-06-01', '2024-06-15', 1200.5],
      ['R-2', '2024-06-03', '2024-06-17', 99.9],
    ]);
  });

  it('reads headerless TSV, NDJSON events, JSON with epoch milliseconds, Parquet and XLSX', async () => {
    const churn: FileMapping = {
      entity: 'churn',
      columns: { account_id: 'column 1', churn_date: 'column 2', reason: 'column 3' },
      dateFormats: { churn_date: 'iso' },
    };
    const { summary, issues } = await run(
      [ACCOUNTS, 'churn-no-header.tsv', 'segment-tracks.ndjson', 'nps-epoch-ms.json', 'stripe-invoices.parquet'],
      { 'churn-no-header.tsv': churn },
    );
    expect(issues.filter((i) => !i.startsWith('crm'))).toEqual([
      'segment-tracks.ndjson:5 timestamp "not a time" unparseable date (expected YYYY-MM-DD (ISO)) → row rejected',
      'nps-epoch-ms.json:2 score "11" NPS score outside 0–10 → row rejected',
      'stripe-invoices.parquet:3 created "" blank Issued → row rejected',
    ]);
    expect(summary.map((s) => s.location)).toEqual(['line', 'line', 'line', 'record', 'row']);
    const usage = (
      await db!.conn.runAndReadAll(
        `SELECT account_id, strftime(date, '%Y-%m-%d'), active_users, logins, features_used FROM usage_events ORDER BY 1, 2`,
      )
    ).getRowsJson();
    expect(usage).toEqual([
      ['A-1', '2024-06-01', 2, 2, 2],
      ['A-2', '2024-06-02', 1, 1, 1],
    ]);
    const nps = (
      await db!.conn.runAndReadAll(`SELECT account_id, strftime(responded_at, '%Y-%m-%d'), score FROM nps ORDER BY 1`)
    ).getRowsJson();
    expect(nps).toEqual([
      ['A-1', '2024-06-01', 9],
      ['A-3', '2024-06-03', 3],
    ]);
  });

  it('reports sheet rows in XLSX, skipping empty rows in the count but not in the numbering', async () => {
    const { issues } = await run(['salesforce-accounts.xlsx']);
    expect(issues).toEqual([
      'salesforce-accounts.xlsx:5 Created Date "someday" no start date and no activity: the account cannot be scored → value set to missing',
      'salesforce-accounts.xlsx:5 Created Date "someday" unparseable date (expected YYYY-MM-DD (ISO)) → value set to missing',
    ]);
  });

  it('imports XLSX date cells (serial day numbers with a date format) as their calendar dates', async () => {
    // Built-in m/d/yyyy and a custom date-and-time format; 18:00 on 2024-02-03 is still that day; 2024 is a leap year.
    const { summary, issues } = await run(['salesforce-accounts-dates.xlsx']);
    expect(issues).toEqual([]);
    expect(summary[0]).toMatchObject({ rowsRead: 4, rowsLoaded: 4, rowsRejected: 0, valuesChanged: 0 });
    const rows = (
      await db!.conn.runAndReadAll(`SELECT account_id, strftime(signup_date, '%Y-%m-%d'), arr FROM accounts ORDER BY 1`)
    ).getRowsJson();
    expect(rows).toEqual([
      ['A-1', '2024-01-15', 120000],
      ['A-2', '2024-02-03', 9000],
      ['A-3', '2024-02-29', 5000],
      ['A-4', '1999-12-31', 95000],
    ]);
  });

  it('refuses an import without an accounts file, saying why', async () => {
    const inputs = await prepare(['usage-bad-values.csv']);
    await expect(
      importFiles(
        db!,
        inputs,
        () => undefined,
        () => false,
      ),
    ).rejects.toThrow(/No file is mapped to Accounts/);
  });

  it('stops when cancelled', async () => {
    const inputs = await prepare([ACCOUNTS]);
    await expect(
      importFiles(
        db!,
        inputs,
        () => undefined,
        () => true,
      ),
    ).rejects.toThrow('Import cancelled');
  });
});

describe('hostile input stays data', () => {
  it('keeps header names with quotes, semicolons and SQL keywords, formulas and HTML as text', async () => {
    const { issues, inputs } = await run(['accounts-hostile.csv']);
    expect(issues).toEqual([]);
    expect(inputs[0]!.columns).toEqual(['account"id', 'name; DROP TABLE accounts;--', 'select', 'signup date']);
    const names = (await db!.conn.runAndReadAll('SELECT name FROM accounts ORDER BY account_id')).getRowsJson().flat();
    expect(names).toEqual(['=HYPERLINK("http://evil.example","click")', '<img src=x onerror=alert(1)>']);
  });

  it('neutralises formulas when the issue report is exported as CSV', async () => {
    const mapping: FileMapping = {
      entity: 'accounts',
      columns: { account_id: 'account"id', name: 'name; DROP TABLE accounts;--', signup_date: 'select' },
      dateFormats: { signup_date: 'iso' },
    };
    await run(['accounts-hostile.csv'], { 'accounts-hostile.csv': mapping });
    const csv = new TextDecoder().decode(await issuesCsvBytes(db!));
    expect(csv.split('\n')[0]).toBe('file,line,column,value,reason,action');
    // The bad "date" column holds x / y; the name with a formula never reaches a cell unprefixed.
    expect(csv).not.toMatch(/(^|,)=/m);
  });
});
