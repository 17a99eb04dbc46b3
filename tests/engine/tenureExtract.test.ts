/**
 * A one-row-per-customer churn extract with tenure and no dates (shaped like the public
 * telecom churn extract, tests/fixtures/exports/telco-churn): proposed as the accounts with
 * Contract as plan, MonthlyCharges as MRR, Churn as the flag and tenure as months before the
 * export date; every row accounted for; start dates worked by hand, month ends included; and a
 * blank, negative or fractional tenure logged at its line and column, its start then unknown.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';
import { importFiles, type ImportInput } from '../../engine/node/import/importFiles.js';
import { issueSummary } from '../../engine/node/import/issues.js';
import {
  exportDateEffect,
  exportDateProblems,
  exportDateUse,
  takesExportDate,
} from '../../engine/core/import/exportDate.js';
import type { ColumnProfile, FileMapping } from '../../engine/core/api/importSchema.js';
import { TELCO_EXTRACT, TELCO_MAPPING } from '../support/telcoExtract.js';

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

type Edit = (m: FileMapping) => FileMapping;
const asOf =
  (d: string): Edit =>
  (m) => ({ ...m, asOf: d });

async function prepare(path: string, edit: Edit = (m) => m): Promise<ImportInput> {
  db = await openDatabase();
  const s = await sniffFile(db, path);
  const label = path.split('/').pop()!;
  return {
    path,
    label,
    read: s.read,
    columns: s.columns.map((c) => c.name),
    mapping: edit(suggestFileMapping(label, s.columns)),
  };
}

async function run(path: string, edit: Edit) {
  const input = await prepare(path, edit);
  const [summary] = await importFiles(
    db!,
    [input],
    () => undefined,
    () => false,
  );
  const log = await issueSummary(db!, 1000, 0);
  const rows = async (sql: string) => (await db!.conn.runAndReadAll(sql)).getRowsJson();
  const starts = new Map(
    (await rows(`SELECT account_id, strftime(signup_date, '%Y-%m-%d') FROM accounts`)).map(
      ([a, d]) => [String(a), d === null ? null : String(d)] as const,
    ),
  );
  return { summary: summary!, log, rows, starts };
}

/** The day `months` whole months before `day`, worked as a CSM would: same day of month, else that month's last day. */
function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const k = y * 12 + (m - 1) - months;
  const year = Math.floor(k / 12);
  const month = k % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

describe('proposing a one-row-per-customer churn extract with tenure', () => {
  it('maps it as the accounts: id, Contract as plan, MonthlyCharges as MRR, Churn as the flag, tenure as months', async () => {
    const { mapping } = await prepare(TELCO_EXTRACT);
    expect(mapping).toEqual(TELCO_MAPPING);
  });

  it('is never "high" when the accounts guess rests on the tenure synonym alone', () => {
    const columns: ColumnProfile[] = [
      { name: 'ref', samples: ['A1', 'A2', 'A3'] },
      { name: 'tenure', samples: ['3', '14', '0'] },
    ];
    const m = suggestFileMapping('export.csv', columns, 'accounts');
    expect(m.columns).toEqual({ tenure_months: 'tenure' });
    expect(m.confidence).not.toBe('high');
  });

  it('uses a start date column over tenure, and says tenure is not used', () => {
    const columns: ColumnProfile[] = [
      { name: 'Account ID', samples: ['A1', 'A2'] },
      { name: 'Created Date', samples: ['2023-01-05', '2022-11-30'] },
      { name: 'Tenure Months', samples: ['14', '16'] },
    ];
    const m = suggestFileMapping('accounts.csv', columns);
    expect(m.columns).toMatchObject({ signup_date: 'Created Date', tenure_months: 'Tenure Months' });
    expect(m.notes).toEqual(['Start dates from "Created Date"; "Tenure Months" (tenure) is not used.']);
    expect(takesExportDate(m)).toBe(false);
  });

  it('needs the export date to count tenure back from, and says what the date does', () => {
    const m: FileMapping = {
      entity: 'accounts',
      columns: { account_id: 'customerID', tenure_months: 'tenure' },
      dateFormats: {},
    };
    expect(takesExportDate(m)).toBe(true);
    expect(exportDateUse(m)).toBe('starts');
    // With a churn flag the date is asked for the churn, and says what it does to both.
    const flagged: FileMapping = { ...m, columns: { ...m.columns, churned: 'Churn' } };
    expect(exportDateUse(flagged)).toBe('churn');
    expect(exportDateEffect(flagged, '2024-03-31')).toBe(
      'Accounts flagged as churned are dated 2024-03-31: their churn is counted in the month ending 2024-03-31, ' +
        'and accounts flagged close to it have had less time to be seen churning, so churn in the last months is under-counted. ' +
        'Each account started 2024-03-31 minus its "tenure" in whole months.',
    );
    // A churn date column too: the export date dates only the churned rows whose churn date is blank.
    expect(
      exportDateEffect({ ...flagged, columns: { ...flagged.columns, churn_date: 'Churn Date' } }, '2024-03-31'),
    ).toMatch(/^Accounts flagged as churned with a blank churn date are dated 2024-03-31/);
    expect(exportDateProblems(m)).toEqual([
      'column "tenure" counts months back from the export date, which is not given: give the export date (the day the file was exported), or clear the tenure column',
    ]);
    expect(exportDateProblems({ ...m, asOf: '2024-03-31' }, '2026-01-01')).toEqual([]);
    expect(exportDateProblems({ ...m, asOf: '2026-02-01' }, '2026-01-01')).toEqual([
      "the export date 2026-02-01 is after today: no account's tenure can be counted from it yet",
    ]);
    expect(exportDateEffect(m, '2024-03-31')).toBe(
      'Each account started 2024-03-31 minus its "tenure" in whole months.',
    );
  });
});

describe('importing the extract with its export date', () => {
  it('accounts for every row: 40 read = 40 loaded + 0 rejected, each changed value said', async () => {
    const { summary, log } = await run(TELCO_EXTRACT, asOf('2024-03-31'));
    expect(summary).toMatchObject({ rowsRead: 40, rowsLoaded: 40, rowsRejected: 0, valuesChanged: 90 });
    expect(log.groups.map((g) => [g.column, g.reason, g.action, g.count])).toEqual([
      ['MonthlyCharges', 'no ARR column: ARR = MRR × 12', 'value coerced', 40],
      [
        'tenure',
        'start date counted back from the export date 2024-03-31 by the tenure in whole months',
        'value coerced',
        40,
      ],
      ['Churn', 'churned with no churn date: the export date 2024-03-31 used', 'value coerced', 10],
    ]);
  });

  it('starts each account the export date minus its tenure, month ends and leap day included', async () => {
    const { starts, rows } = await run(TELCO_EXTRACT, asOf('2024-03-31'));
    // Worked by hand from 2024-03-31.
    expect(starts.get('9313-GBCNN')).toBe('2023-04-30'); // 11 months: April has 30 days
    expect(starts.get('2964-MZWYG')).toBe('2024-02-29'); // 1 month: February of a leap year
    expect(starts.get('1197-PSFIJ')).toBe('2020-02-29'); // 49 months
    expect(starts.get('2019-GCGOF')).toBe('2018-03-31'); // 72 months
    expect(starts.get('6640-OZXLL')).toBe('2024-03-31'); // tenure 0: started on the export date
    expect(starts.get('6604-EPNBV')).toBe('2019-05-31'); // 58 months
    // Every account, against the calendar worked independently of DuckDB's interval arithmetic.
    expect(await rows(`SELECT count(*)::INTEGER FROM accounts WHERE signup_date IS NOT NULL`)).toEqual([[40]]);
    const file = readFileSync(TELCO_EXTRACT, 'utf8').trim().split('\n').slice(1);
    expect(file).toHaveLength(40);
    for (const line of file) {
      const cells = line.split(',');
      expect(starts.get(cells[0]!), cells[0]).toBe(monthsBefore('2024-03-31', Number(cells[5])));
    }
  });

  it('keeps the day of the month when the export date is not a month end', async () => {
    const { starts } = await run(TELCO_EXTRACT, asOf('2024-01-30'));
    // Worked by hand from 2024-01-30.
    expect(starts.get('2964-MZWYG')).toBe('2023-12-30'); // 1 month
    expect(starts.get('9313-GBCNN')).toBe('2023-02-28'); // 11 months: February 2023 has 28 days
    expect(starts.get('1197-PSFIJ')).toBe('2019-12-30'); // 49 months
    expect(starts.get('3476-SOZUE')).toBe('2023-02-28'); // 11 months
    expect(starts.get('6604-EPNBV')).toBe('2019-03-30'); // 58 months
    for (const line of readFileSync(TELCO_EXTRACT, 'utf8').trim().split('\n').slice(1)) {
      const cells = line.split(',');
      expect(starts.get(cells[0]!), cells[0]).toBe(monthsBefore('2024-01-30', Number(cells[5])));
    }
  });

  it('keeps Contract as plan, ARR as MRR × 12, and dates the 10 churned accounts at the export date', async () => {
    const { rows } = await run(TELCO_EXTRACT, asOf('2024-03-31'));
    expect(await rows(`SELECT plan, arr FROM accounts WHERE account_id = '9313-GBCNN'`)).toEqual([
      ['Month-to-month', 671.64],
    ]);
    expect(Number((await rows(`SELECT round(sum(arr), 2) FROM accounts`))[0]![0])).toBeCloseTo(28081.92, 2);
    expect(await rows(`SELECT account_id, strftime(churn_date, '%Y-%m-%d') FROM churn ORDER BY 1`)).toEqual(
      [
        '1297-IBAAX',
        '2964-MZWYG',
        '3476-SOZUE',
        '4003-NCIAU',
        '4191-GAIGJ',
        '4814-CSQYE',
        '6602-RCKHL',
        '7405-PCFOM',
        '7902-GLKCX',
        '9998-GXCBX',
      ].map((a) => [a, '2024-03-31']),
    );
  });

  it('stops, saying what to give, when no export date is given', async () => {
    // Without the flag too, so that only the tenure asks for the export date.
    const input = await prepare(TELCO_EXTRACT, (m) => {
      const { churned: _flag, ...columns } = m.columns;
      void _flag;
      return { ...m, columns };
    });
    await expect(
      importFiles(
        db!,
        [input],
        () => undefined,
        () => false,
      ),
    ).rejects.toThrow(
      'telco-customer-churn.csv: column "tenure" counts months back from the export date, which is not given: give the export date',
    );
  });
});

describe('a tenure that gives no start', () => {
  it('is logged at its line and column, the account loaded with its start unknown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-tenure-'));
    const path = join(dir, 'customers-tenure-blank-negative.csv');
    writeFileSync(
      path,
      'customerID,tenure,Contract,MonthlyCharges,Churn\n' +
        '0001-AAAAA,1,Month-to-month,20.5,No\n' +
        '0002-BBBBB,3,One year,45,No\n' +
        '0003-CCCCC,,Month-to-month,70.1,Yes\n' +
        '0004-DDDDD,-2,Two year,99.9,No\n' +
        '0005-EEEEE,2.5,Two year,30,No\n' +
        '0006-FFFFF,0,Two year,30,No\n',
    );
    const { summary, log, starts } = await run(path, asOf('2024-05-31'));
    expect(summary).toMatchObject({ rowsRead: 6, rowsLoaded: 6, rowsRejected: 0 });
    expect([...starts].sort()).toEqual([
      ['0001-AAAAA', '2024-04-30'],
      ['0002-BBBBB', '2024-02-29'],
      ['0003-CCCCC', null],
      ['0004-DDDDD', null],
      ['0005-EEEEE', null],
      ['0006-FFFFF', '2024-05-31'],
    ]);
    const tenureIssues = log.issues
      .filter((i) => i.column === 'tenure' && !i.reason.startsWith('start date counted'))
      .map((i) => `${i.line} ${JSON.stringify(i.value)} ${i.reason} → ${i.action}`)
      .sort();
    const unknown =
      'tenure not a whole number of months from 0 to 1,200: the start date is unknown → value set to missing';
    const unscored = 'no start date and no activity: the account cannot be scored → value set to missing';
    expect(tenureIssues).toEqual(
      [
        `4 "" blank tenure: the start date is unknown → blank kept as missing`,
        `4 "" ${unscored}`,
        `5 "-2" ${unknown}`,
        `5 "-2" ${unscored}`,
        `6 "2.5" ${unknown}`,
        `6 "2.5" ${unscored}`,
      ].sort(),
    );
    // Read = loaded + rejected; each changed value is one issue: 6 ARR, 3 starts, 1 churn date and the 6 above.
    expect(summary.valuesChanged).toBe(6 + 3 + 1 + 6);
  });
});
