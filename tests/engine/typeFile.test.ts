/**
 * The typed pass of one file (typeFile), called directly on small CSVs written in the
 * test: the final value of every mapped field, the issue each problem logs at its row
 * (by ordinal: lines are resolved later), which rows are flagged, and the two ways in,
 * straight from the reader or from staged text, giving the same answer. Every value
 * is worked by hand from the rows below.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import type { FileMapping, ReadOptions } from '../../engine/core/api/importSchema.js';
import type { ImportInput } from '../../engine/node/import/importFiles.js';
import { createIssuesTable, ISSUES_TABLE } from '../../engine/node/import/issues.js';
import {
  columnLabel,
  issue,
  rawColumn,
  rejectedOrds,
  scalar,
  textTable,
  typeFile,
  withText,
  type Typed,
} from '../../engine/node/import/typeFile.js';
import { entitySpec } from '../../engine/core/import/entities.js';

let dir: string;
/** The test's database (the last one opened); every one is closed at the end. */
let db: Database;
const open: Database[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hsw-type-file-'));
});
afterAll(() => open.forEach((d) => d.close()));

async function openDb(): Promise<Database> {
  db = await openDatabase();
  open.push(db);
  await createIssuesTable(db);
  return db;
}

const CSV: ReadOptions = { format: 'csv', delimiter: ',', header: true };

/** A file of `lines` (header first) mapped by `mapping`, as importFiles hands it over. */
function input(
  name: string,
  lines: string[],
  mapping: Omit<FileMapping, 'dateFormats'> & Partial<FileMapping>,
): ImportInput {
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return {
    path,
    label: name,
    read: CSV,
    columns: lines[0]!.split(','),
    mapping: { dateFormats: {}, ...mapping },
  };
}

async function typed(i: ImportInput, keepText: boolean): Promise<Typed> {
  return typeFile(await openDb(), 0, i, (p) => p, keepText);
}

const rows = async (sql: string) => (await db.conn.runAndReadAll(sql)).getRowsJson();
const issues = async () =>
  (
    await rows(
      `SELECT ord::INTEGER, column_name, value, reason, action FROM ${ISSUES_TABLE} ORDER BY ord, column_name, reason`,
    )
  ).map(
    ([ord, column, value, reason, action]) =>
      `${String(ord)} ${String(column)} ${String(value)}: ${String(reason)} → ${String(action)}`,
  );

const ACCOUNTS = [
  'Account ID,Name,Since,ARR,Seats',
  'A-1,Acme,2024-01-15,1200.5,10',
  'A-2, Beta ,1965-01-01,-5,3.5',
  ',Gamma,2024-02-01,abc,',
  'A-4,Delta,not a date,,2147483648',
];
const ACCOUNT_COLUMNS = { account_id: 'Account ID', name: 'Name', signup_date: 'Since', arr: 'ARR', seats: 'Seats' };
const ACCOUNT_VALUES = [
  [0, 'A-1', 'Acme', '2024-01-15', 1200.5, 10],
  [1, 'A-2', 'Beta', null, null, null],
  [2, null, 'Gamma', '2024-02-01', null, null],
  [3, 'A-4', 'Delta', null, null, null],
];
const ACCOUNT_ISSUES = [
  '1 ARR -5: negative ARR → value set to missing',
  '1 Seats 3.5: not a whole non-negative count → value set to missing',
  '1 Since 1965-01-01: date before 1990-01-01: a placeholder or a typo → value set to missing',
  '2 ARR abc: not a number → value set to missing',
  '2 Account ID : blank Account ID → row rejected',
  '3 ARR : blank ARR → blank kept as missing',
  '3 Seats 2147483648: count above 2,147,483,647 → value set to missing',
  '3 Since not a date: unparseable date (expected YYYY-MM-DD (ISO)) → value set to missing',
];
const accountValues = () =>
  rows(
    `SELECT ord::INTEGER, account_id, name, strftime(signup_date, '%Y-%m-%d'), arr, seats FROM typed_0 ORDER BY ord`,
  );

describe('typeFile', () => {
  it('types a CSV straight from the reader in the canonical layout, logging each problem at its row', async () => {
    const t = await typed(input('accounts.csv', ACCOUNTS, { entity: 'accounts', columns: ACCOUNT_COLUMNS }), false);
    expect(t.staged.table).toBeNull();
    expect(t.rows?.table).toBe('rows_0');
    expect(t.rows?.spec.name).toBe('accounts');
    expect({ table: t.table, flagged: t.flagged }).toEqual({ table: 'typed_0', flagged: 'flagged_0' });
    expect(t.fields.map((f) => f.role)).toEqual(['account_id', 'name', 'signup_date', 'arr', 'seats']);
    expect(await accountValues()).toEqual(ACCOUNT_VALUES);
    expect(await issues()).toEqual(ACCOUNT_ISSUES);
    // The canonical columns in order, the unmapped ones missing, then the flag and the flagged rows' text.
    const columns = await rows(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'rows_0'`,
    );
    expect(columns.map(([c]) => c)).toEqual([...Object.keys(t.rows!.spec.columns), 'flagged', 'row_text']);
    expect(columns.find(([c]) => c === 'seats')?.[1]).toBe('INTEGER');
    expect(await rows(`SELECT count(*)::INTEGER FROM rows_0 WHERE segment IS NOT NULL`)).toEqual([[0]]);
    expect(await rows(`SELECT flagged, row_text FROM rows_0 ORDER BY rowid`)).toEqual([
      [false, null],
      [true, ['A-2', ' Beta ', '1965-01-01', '-5', '3.5']],
      [true, [null, 'Gamma', '2024-02-01', 'abc', null]],
      [true, ['A-4', 'Delta', 'not a date', null, '2147483648']],
    ]);
    // The flagged rows: each role's text and its value before the range rules.
    expect(await rows(`SELECT ord::INTEGER, "arr__raw", "arr__p", "seats__p" FROM flagged_0 ORDER BY ord`)).toEqual([
      [1, '-5', -5, 3.5],
      [2, 'abc', null, null],
      [3, null, null, 2147483648],
    ]);
  });

  it('keeps reading from the reader when only a text has a comma, and keeps the roles the table has no column for', async () => {
    const lines = ['Account ID,Name,MRR', 'A-1,"Acme, Inc",100', ',"Beta, Ltd",5'];
    const t = await typed(
      input('accounts.csv', lines, {
        entity: 'accounts',
        columns: { account_id: 'Account ID', name: 'Name', mrr: 'MRR' },
      }),
      false,
    );
    expect(t.rows?.table).toBe('rows_0');
    expect(await rows(`SELECT ord::INTEGER, account_id, name, mrr FROM typed_0 ORDER BY ord`)).toEqual([
      [0, 'A-1', 'Acme, Inc', 100],
      [1, null, 'Beta, Ltd', 5],
    ]);
  });

  it('keeps the text unless told otherwise', async () => {
    db = await openDb();
    const t = await typeFile(
      db,
      0,
      input('accounts.csv', ['Account ID', 'A-1'], { entity: 'accounts', columns: { account_id: 'Account ID' } }),
      (p) => p,
    );
    expect(t.staged.table).toBe('stg_0');
    expect(t.rows).toBeUndefined();
  });

  it('types the staged text to the same values and issues', async () => {
    const t = await typed(input('accounts.csv', ACCOUNTS, { entity: 'accounts', columns: ACCOUNT_COLUMNS }), true);
    expect(t.staged.table).toBe('stg_0');
    expect(t.rows).toBeUndefined();
    expect(await accountValues()).toEqual(ACCOUNT_VALUES);
    expect(await issues()).toEqual(ACCOUNT_ISSUES);
    expect(await rows(`SELECT ord::INTEGER, flagged FROM typed_0 ORDER BY ord`)).toEqual([
      [0, false],
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(await rows(`SELECT ord::INTEGER, "name__raw", "name__p" FROM flagged_0 ORDER BY ord`)).toEqual([
      [1, ' Beta ', 'Beta'],
      [2, 'Gamma', 'Gamma'],
      [3, 'Delta', 'Delta'],
    ]);
  });

  it('reads the file again as text when a numeric column has a comma, and judges its style', async () => {
    const lines = ['Account ID,ARR,MRR,Seats', 'A-1,"12,345",100,"1,000"', 'A-2,900,"1200,50",3', 'A-3,7,"1,5",4'];
    const t = await typed(
      input('accounts.csv', lines, {
        entity: 'accounts',
        columns: { account_id: 'Account ID', arr: 'ARR', mrr: 'MRR', seats: 'Seats' },
      }),
      false,
    );
    expect(t.rows).toBeUndefined();
    expect(t.staged.table).toBe('stg_0');
    expect(await rows(`SELECT ord::INTEGER, arr, mrr, seats FROM typed_0 ORDER BY ord`)).toEqual([
      [0, 12345, 100, 1000],
      [1, 900, 1200.5, 3],
      [2, 7, 1.5, 4],
    ]);
    expect(await issues()).toEqual([
      '0 ARR 12,345: thousands separators removed → value coerced',
      '0 Seats 1,000: thousands separators removed → value coerced',
      '1 MRR 1200,50: decimal comma read as a decimal point → value coerced',
      '2 MRR 1,5: decimal comma read as a decimal point → value coerced',
    ]);
    // The straight read's view and rows are gone.
    expect(await rows(`SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name = 'rows_0'`)).toEqual([[0]]);
  });

  it('judges the style of a column two roles read once, for both', async () => {
    const lines = ['Account ID,Revenue', 'A-1,"1,5"', 'A-2,3'];
    const t = await typed(
      input('accounts.csv', lines, {
        entity: 'accounts',
        columns: { account_id: 'Account ID', arr: 'Revenue', mrr: 'Revenue' },
      }),
      true,
    );
    expect(t.fields.map((f) => f.role)).toEqual(['account_id', 'arr', 'mrr']);
    expect(await rows(`SELECT arr, mrr FROM typed_0 ORDER BY ord`)).toEqual([
      [1.5, 1.5],
      [3, 3],
    ]);
  });

  it('stages as text what has no canonical layout to type into: event rows, extra columns', async () => {
    const events = input('events.csv', ['account,time,event', 'A-1,2024-03-01 10:00:00,login'], {
      entity: 'usage_events',
      columns: { account_id: 'account', timestamp: 'time', event: 'event' },
    });
    const e = await typed(events, false);
    expect(e.staged.table).toBe('stg_0');
    expect(e.rows).toBeUndefined();
    const extras = input('accounts.csv', ['Account ID,Tier', 'A-1,Gold'], {
      entity: 'accounts',
      columns: { account_id: 'Account ID' },
      extras: [{ column: 'Tier', name: 'tier', kind: 'category' }],
    });
    const x = await typed(extras, false);
    expect(x.staged.table).toBe('stg_0');
    expect(x.rows).toBeUndefined();
    expect(x.fields.map((f) => f.role)).toEqual(['account_id', 'x_tier']);
    expect(await rows(`SELECT account_id, x_tier FROM typed_0`)).toEqual([['A-1', 'Gold']]);
  });

  it("dates every row of a score extract without a date column by the export date, which no column's text holds", async () => {
    const lines = ['Account,Score', 'A-1,80', 'A-2,120'];
    const t = await typed(
      input('scores.csv', lines, {
        entity: 'score_history',
        columns: { account_id: 'Account', score: 'Score' },
        asOf: '2024-06-30',
      }),
      false,
    );
    expect(t.fields.map((f) => f.role)).toEqual(['account_id', 'score_date', 'score']);
    expect(t.rows?.spec.name).toBe('score_history');
    expect(
      await rows(`SELECT ord::INTEGER, strftime(score_date, '%Y-%m-%d'), score FROM typed_0 ORDER BY ord`),
    ).toEqual([
      [0, '2024-06-30', 80],
      [1, '2024-06-30', null],
    ]);
    expect(await issues()).toEqual(['1 Score 120: health score outside 0–100 → row rejected']);
    expect(await rows(`SELECT "score_date__raw", "score__raw" FROM flagged_0`)).toEqual([['2024-06-30', '120']]);
  });

  it('says what is wrong with the mapping before reading the file', async () => {
    const cases: [ImportInput, string][] = [
      [
        input('usage.csv', ['account,logins', 'A-1,3'], {
          entity: 'usage_daily',
          columns: { account_id: 'account', logins: 'logins' },
        }),
        `usage.csv: the mapping has no column for Date, which ${entitySpec('usage_daily').label} needs`,
      ],
      [
        input('accounts.csv', ['Account ID,ARR', 'A-1,3'], {
          entity: 'accounts',
          columns: { account_id: 'Account ID', arr: 'Revenue' },
        }),
        'accounts.csv: column "Revenue" (mapped to ARR) is not in the file',
      ],
      [
        input('accounts.csv', ['Account ID', 'A-1'], {
          entity: 'accounts',
          columns: { account_id: 'Account ID' },
          extras: [{ column: 'Tier', name: 'tier', kind: 'category' }],
        }),
        'accounts.csv: column "Tier" (kept as x_tier) is not in the file',
      ],
      [
        input('churn.csv', ['account,date,tier', 'A-1,2024-01-01,Gold'], {
          entity: 'churn',
          columns: { account_id: 'account', churn_date: 'date' },
          extras: [{ column: 'tier', name: 'tier', kind: 'category' }],
        }),
        'churn.csv: extra columns are kept only for the accounts (as exported), usage, tickets, invoices, NPS answers and subscriptions (what a signal can read), not for churn',
      ],
      [
        input('accounts.csv', ['Account ID,Status', 'A-1,churned'], {
          entity: 'accounts',
          columns: { account_id: 'Account ID', churned: 'Status' },
        }),
        'accounts.csv: column "Status" says which accounts churned but not when: map a churn date column or give the export date',
      ],
      [
        input('accounts.csv', ['Account ID', 'A-1'], {
          entity: 'accounts',
          columns: { account_id: 'Account ID' },
          asOf: '2024-06-30',
        }),
        "accounts.csv: the export date 2024-06-30 would date nothing: this file's rows carry their own dates (only a churn flag without a churn date, a score extract without a score date, or a tenure column without a start date, takes one); remove it",
      ],
    ];
    await openDb();
    for (const [i, message] of cases) await expect(typeFile(db, 0, i, (p) => p, false)).rejects.toThrow(message);
  });
});

describe('the helpers later checks use on a typed file', () => {
  it('log an issue per typed row selected, name columns and read the staged text', async () => {
    const t = await typed(
      input('accounts.csv', ['Account ID,Name', 'A-1,Acme', 'A-2,Beta', 'A-3,Gamma'], {
        entity: 'accounts',
        columns: { account_id: 'Account ID', name: 'Name' },
      }),
      true,
    );
    await issue(db, t, 'Name', 'name', `'a test reason'`, 'row rejected', `account_id <> 'A-2'`);
    await issue(db, t, 'Name', 'NULL', `'another'`, 'value set to missing', `account_id = 'A-2'`);
    expect(
      await rows(
        `SELECT file_idx, file, ord::INTEGER, line, column_name, value, reason, action FROM ${ISSUES_TABLE} ORDER BY ord`,
      ),
    ).toEqual([
      [0, 'accounts.csv', 0, null, 'Name', 'Acme', 'a test reason', 'row rejected'],
      [0, 'accounts.csv', 1, null, 'Name', '', 'another', 'value set to missing'],
      [0, 'accounts.csv', 2, null, 'Name', 'Gamma', 'a test reason', 'row rejected'],
    ]);
    expect(await rows(`SELECT ord::INTEGER FROM ${rejectedOrds(t)} ORDER BY 1`)).toEqual([[0], [2]]);
    expect(await scalar(db, `SELECT count(*) FROM ${t.table}`)).toBe(3);
    expect(await scalar(db, `SELECT NULL`)).toBe(0);
    expect(textTable(t)).toBe('stg_0');
    expect(await rows(`SELECT x.account_id, s.c1 FROM ${withText(t)} ORDER BY x.ord`)).toEqual([
      ['A-1', 'Acme'],
      ['A-2', 'Beta'],
      ['A-3', 'Gamma'],
    ]);
    expect(rawColumn(t.input, t.fields[1]!)).toBe('c1');
  });

  it('name the column a role reads, or the export date that stands for it', () => {
    const m: FileMapping = {
      entity: 'score_history',
      columns: { score: 'Score' },
      dateFormats: {},
      asOf: '2024-06-30',
    };
    expect(columnLabel(m, 'score')).toBe('Score');
    expect(columnLabel(m, 'score_date')).toBe('(export date 2024-06-30)');
    expect(columnLabel({ ...m, asOf: undefined }, 'score_date')).toBe('score_date');
  });

  it('refuse the text of a file typed straight from the reader', () => {
    const i = input('a.csv', ['Account ID', 'A-1'], { entity: 'accounts', columns: { account_id: 'Account ID' } });
    expect(() => textTable({ input: i, staged: { table: null } })).toThrow(
      "a.csv: the file's text was not kept (internal error)",
    );
  });
});
