/**
 * A churn flag or status column without a date of its own (a one-row-per-customer
 * extract's `Churn` = Yes/No, a churn file's `status` = churned/active): every row
 * accounted for, churned accounts dated by their own column or the export date,
 * and a value the flag cannot mean logged at its line, never guessed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';
import { importFiles, type ImportInput } from '../../engine/node/import/importFiles.js';
import { issueSummary } from '../../engine/node/import/issues.js';
import { planImport, unmappedRequiredFields } from '../../engine/node/import/plan.js';
import { churnFlagProblems, readChurnFlag } from '../../engine/core/import/churnFlag.js';
import { FileMappingSchema, type FileMapping } from '../../engine/core/api/importSchema.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'import');
const ACCOUNTS = 'crm-accounts-churn-flag.csv';
const CHURN = 'churn-status-no-date.csv';
let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

type Edit = (m: FileMapping) => FileMapping;

async function prepare(files: string[], edits: Record<string, Edit> = {}): Promise<ImportInput[]> {
  db = await openDatabase();
  const inputs: ImportInput[] = [];
  for (const f of files) {
    const s = await sniffFile(db, join(DIR, f));
    const m = suggestFileMapping(f, s.columns);
    inputs.push({
      path: join(DIR, f),
      label: f,
      read: s.read,
      columns: s.columns.map((c) => c.name),
      mapping: edits[f] ? edits[f](m) : m,
    });
  }
  return inputs;
}

async function run(files: string[], edits: Record<string, Edit> = {}) {
  const inputs = await prepare(files, edits);
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
  const churn = (
    await db!.conn.runAndReadAll(`SELECT account_id, strftime(churn_date, '%Y-%m-%d') FROM churn ORDER BY 1`)
  ).getRowsJson();
  return { summary, issues, churn, inputs };
}

const asOf =
  (d: string): Edit =>
  (m) => ({ ...m, asOf: d });
const NOT_READ =
  'not a churn flag (expected yes/no, true/false, 1/0, y/n or churned/active/cancelled): correct the value, it is not guessed';

describe('a churn flag value', () => {
  it('is read case-insensitively; blank is blank and anything else is not guessed', () => {
    for (const v of ['Yes', 'TRUE', '1', 'y', ' Churned ', 'cancelled', 'Canceled', 'inactive', 'Closed Lost'])
      expect(readChurnFlag(v), v).toBe(true);
    for (const v of ['No', 'false', '0', 'N', 'Active', 'closed won', 'retained'])
      expect(readChurnFlag(v), v).toBe(false);
    expect(readChurnFlag('  ')).toBeNull();
    for (const v of ['Maybe', 'paused', '2', 'yes!']) expect(readChurnFlag(v), v).toBeUndefined();
  });
});

describe('proposing a churn flag', () => {
  it('maps a CRM extract’s Churn column and its Cancelled At date on the accounts file', async () => {
    const [input] = await prepare([ACCOUNTS]);
    expect(input!.mapping.entity).toBe('accounts');
    expect(input!.mapping.columns).toMatchObject({ churned: 'Churn', churn_date: 'Cancelled At' });
  });

  it('proposes no churn date on accounts without a flag: a last-activity date is no churn', () => {
    const m = suggestFileMapping('accounts.csv', [
      { name: 'Account ID', samples: ['A1'] },
      { name: 'Last Active Date', samples: ['2024-01-02'] },
    ]);
    expect(m.columns.churn_date).toBeUndefined();
  });

  it('takes a status-only churn file as churn outcomes, nothing required missing', async () => {
    const [input] = await prepare([CHURN]);
    expect(input!.mapping.entity).toBe('churn');
    expect(input!.mapping.columns).toMatchObject({ account_id: 'customer_id', churned: 'status' });
  });
});

describe('importing a churn flag on the accounts file', () => {
  it('dates churned accounts by their own column, else the export date; every row accounted for', async () => {
    const { summary, issues, churn } = await run([ACCOUNTS], { [ACCOUNTS]: asOf('2024-12-31') });
    // Hand-worked: C-002 and C-004 have their dates, C-003 takes the export date, C-008 churned before it started.
    expect(churn).toEqual([
      ['C-002', '2024-03-31'],
      ['C-003', '2024-12-31'],
      ['C-004', '2024-06-30'],
    ]);
    expect(issues).toEqual([
      `${ACCOUNTS}:4 Cancelled At "" churned with no churn date: the export date 2024-12-31 used → value coerced`,
      `${ACCOUNTS}:6 Churn "Maybe" ${NOT_READ} → value set to missing`,
      `${ACCOUNTS}:7 Churn "" blank Churned (flag or status) → blank kept as missing`,
      `${ACCOUNTS}:9 Cancelled At "2023-05-01" churn dated before the account started (2023-07-01): check both dates; the churn is not counted → value set to missing`,
    ]);
    expect(summary[0]).toMatchObject({ rowsRead: 8, rowsLoaded: 8, rowsRejected: 0, valuesChanged: 4 });
    expect((await db!.conn.runAndReadAll('SELECT count(*)::INTEGER FROM accounts')).getRowsJson()).toEqual([[8]]);
  });

  it('without an export date, a churned row with a blank date says to map one or give it', async () => {
    const { issues, churn } = await run([ACCOUNTS]);
    expect(churn).toEqual([
      ['C-002', '2024-03-31'],
      ['C-004', '2024-06-30'],
    ]);
    expect(issues[0]).toBe(
      `${ACCOUNTS}:4 Cancelled At "" churned but no churn date: map a churn date column or give the export date (the account is not counted as churned) → value set to missing`,
    );
  });

  it('a flag with neither a date column nor an export date stops the import, saying what to do', async () => {
    const noDate: Edit = (m) => ({
      ...m,
      columns: Object.fromEntries(Object.entries(m.columns).filter(([r]) => r !== 'churn_date')),
    });
    const inputs = await prepare([ACCOUNTS], { [ACCOUNTS]: noDate });
    const plan = planImport(
      inputs.map((i) => ({ path: i.path, name: i.label, columns: i.columns })),
      inputs.map((i) => ({ read: i.read, mapping: i.mapping })),
    );
    expect(unmappedRequiredFields(plan)).toEqual([
      `${ACCOUNTS}: column "Churn" says which accounts churned but not when: map a churn date column or give the export date`,
    ]);
    await expect(
      importFiles(
        db!,
        inputs,
        () => undefined,
        () => false,
      ),
    ).rejects.toThrow('map a churn date column or give the export date');
  });
});

describe('importing a churn file whose status has no date', () => {
  const withoutFlag: Edit = (m) => ({
    ...m,
    columns: Object.fromEntries(Object.entries(m.columns).filter(([r]) => r !== 'churned' && r !== 'churn_date')),
  });

  it('loads active rows as no churn, dates churned ones at the export date, rejects what it cannot read', async () => {
    const { summary, issues, churn } = await run([ACCOUNTS, CHURN], {
      [ACCOUNTS]: withoutFlag,
      [CHURN]: asOf('2024-12-31'),
    });
    expect(churn).toEqual([
      ['C-002', '2024-12-31'],
      ['C-003', '2024-12-31'],
      ['C-006', '2024-12-31'],
    ]);
    expect(issues).toEqual([
      `${CHURN}:3 status "churned" churned with no churn date: the export date 2024-12-31 used → value coerced`,
      `${CHURN}:4 status "Cancelled" churned with no churn date: the export date 2024-12-31 used → value coerced`,
      `${CHURN}:6 status "paused" ${NOT_READ} → row rejected`,
      `${CHURN}:7 status "canceled" churned with no churn date: the export date 2024-12-31 used → value coerced`,
    ]);
    expect(summary[1]).toMatchObject({ rowsRead: 6, rowsLoaded: 5, rowsRejected: 1, valuesChanged: 3 });
    expect(summary[1]!.rowsLoaded + summary[1]!.rowsRejected).toBe(summary[1]!.rowsRead);
  });
});

describe('the export date in a mapping', () => {
  it('must be a day, and not after today', () => {
    expect(
      FileMappingSchema.safeParse({ entity: 'churn', columns: {}, dateFormats: {}, asOf: '31/12/2024' }).success,
    ).toBe(false);
    const m: FileMapping = {
      entity: 'churn',
      columns: { account_id: 'a', churned: 's' },
      dateFormats: {},
      asOf: '2025-02-01',
    };
    expect(churnFlagProblems(m, '2025-01-31')).toEqual([
      'the export date 2025-02-01 is after today: churn cannot have happened yet',
    ]);
    expect(churnFlagProblems(m, '2025-02-01')).toEqual([]);
  });
});
