/**
 * A churn file with a status and a churn date column (issue 18): only churned rows are churn,
 * so an active row's date (its last status change, say) is no churn date, neither checked
 * against the account's start nor counted in the file's date range; and a churned row whose
 * date is blank, with no export date to place it at, is rejected at its line, never dated by guess.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { issueSummary } from '../../engine/node/import/issues.js';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import { importWritten } from '../support/writtenImport.js';

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

const ACCOUNTS =
  'account_id,signup_date\n' +
  'C-001,2023-01-15\n' +
  'C-002,2023-02-01\n' +
  'C-003,2023-03-10\n' +
  'C-004,2023-05-01\n' +
  'C-005,2023-06-01\n';
// Line 2: active, dated before its start; 3: churned; 4: churned, no date; 5: churned before its start; 6: active, dated last.
const CHURN =
  'customer_id,status,changed_on\n' +
  'C-001,active,2022-12-01\n' +
  'C-002,churned,2024-03-31\n' +
  'C-003,cancelled,\n' +
  'C-004,churned,2023-04-01\n' +
  'C-005,active,2024-06-30\n';

const MAPPINGS: Record<string, FileMapping> = {
  'accounts.csv': {
    entity: 'accounts',
    columns: { account_id: 'account_id', signup_date: 'signup_date' },
    dateFormats: {},
  },
  'churn.csv': {
    entity: 'churn',
    columns: { account_id: 'customer_id', churned: 'status', churn_date: 'changed_on' },
    dateFormats: {},
  },
};

async function importBoth() {
  db = await openDatabase();
  const summary = await importWritten(
    db,
    [
      ['accounts.csv', ACCOUNTS, MAPPINGS['accounts.csv']!],
      ['churn.csv', CHURN, MAPPINGS['churn.csv']!],
    ],
    'hsw-churn-dates-',
  );
  const log = await issueSummary(db, 100, 0);
  const churn = (
    await db.conn.runAndReadAll(`SELECT account_id, strftime(churn_date, '%Y-%m-%d') FROM churn ORDER BY 1`)
  ).getRowsJson();
  return { summary, log, churn };
}

describe('a churn file with a status and a churn date, without an export date', () => {
  it('takes only churned rows as churn; a churned row with no date is rejected at its line', async () => {
    const { summary, log, churn } = await importBoth();
    expect(churn).toEqual([['C-002', '2024-03-31']]);
    // C-001's date is before its start, but an active row is no churn: nothing to check, nothing logged.
    expect(
      log.issues.map((i) => `${i.file}:${i.line} ${i.column} ${JSON.stringify(i.value)} ${i.reason} → ${i.action}`),
    ).toEqual([
      'churn.csv:4 changed_on "" churned but no churn date: map a churn date column or give the export date → row rejected',
      'churn.csv:5 changed_on "2023-04-01" churn dated before the account started (2023-05-01): check both dates → row rejected',
    ]);
    // 5 read = 3 loaded (the two active rows and C-002) + 2 rejected.
    expect(summary[1]).toMatchObject({
      label: 'churn.csv',
      rowsRead: 5,
      rowsLoaded: 3,
      rowsRejected: 2,
      valuesChanged: 0,
    });
  });

  it("spans only the churned rows' dates: an active row's 2024-06-30 is not the file's last churn", async () => {
    const { summary } = await importBoth();
    expect(summary[1]).toMatchObject({ firstDate: '2024-03-31', lastDate: '2024-03-31' });
  });
});
