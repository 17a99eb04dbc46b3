/**
 * The export dates an import keeps (engine/node/import/exportDates.ts, issue 18): only a file
 * whose mapping takes one (a churn flag, a score extract without dates, a tenure column) has its
 * date kept; the snapshot build reads the latest of any file, a custom signal the accounts file's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import {
  accountsExportDate,
  EXPORT_DATES_TABLE,
  latestExportDate,
  recordExportDates,
} from '../../engine/node/import/exportDates.js';
import type { FileMapping } from '../../engine/core/api/importSchema.js';

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

const file = (label: string, entity: FileMapping['entity'], columns: Record<string, string>, asOf?: string) => ({
  label,
  mapping: { entity, columns, dateFormats: {}, ...(asOf ? { asOf } : {}) },
});

// Each file's mapping, and whether its export date means anything (takesExportDate).
const FILES = [
  // A tenure column: starts are counted back from the date. Kept.
  file('crm.csv', 'accounts', { account_id: 'id', tenure_months: 'tenure' }, '2024-03-31'),
  // A churn flag with its own date column: the date still dates the blank ones. Kept, and the latest.
  file('status.csv', 'churn', { account_id: 'id', churned: 'status', churn_date: 'on' }, '2024-06-30'),
  // A score extract without a score date. Kept.
  file('scores.csv', 'score_history', { account_id: 'id', score: 'health' }, '2024-05-31'),
  // Usage rows carry their own dates: a date given to them means nothing, later though it is.
  file('usage.csv', 'usage_daily', { account_id: 'id', date: 'day' }, '2025-01-31'),
  // A churn flag given no date.
  file('flags.csv', 'churn', { account_id: 'id', churned: 'status', churn_date: 'on' }),
];

const rows = async (sql: string) => (await db!.conn.runAndReadAll(sql)).getRowsJson();

describe('the export dates an import keeps', () => {
  it('are none before any import: no table, no date', async () => {
    db = await openDatabase();
    expect(await latestExportDate(db)).toBeNull();
    expect(await accountsExportDate(db)).toBeNull();
  });

  it('keep the date only where the mapping takes one, each with its file and entity', async () => {
    db = await openDatabase();
    await recordExportDates(db, FILES);
    expect(
      await rows(`SELECT file, entity, strftime(as_of, '%Y-%m-%d') FROM ${EXPORT_DATES_TABLE} ORDER BY file`),
    ).toEqual([
      ['crm.csv', 'accounts', '2024-03-31'],
      ['scores.csv', 'score_history', '2024-05-31'],
      ['status.csv', 'churn', '2024-06-30'],
    ]);
    // The latest of any file (not usage's 2025-01-31, which was not kept); the accounts file's own.
    expect(await latestExportDate(db)).toBe('2024-06-30');
    expect(await accountsExportDate(db)).toBe('2024-03-31');
  });

  it('are those of the last import only; one given none leaves no date', async () => {
    db = await openDatabase();
    await recordExportDates(db, FILES);
    await recordExportDates(db, FILES.slice(3));
    expect(await rows(`SELECT count(*)::INTEGER FROM ${EXPORT_DATES_TABLE}`)).toEqual([[0]]);
    expect(await latestExportDate(db)).toBeNull();
    expect(await accountsExportDate(db)).toBeNull();
  });

  it('give the accounts file none when only another file has one', async () => {
    db = await openDatabase();
    await recordExportDates(db, [FILES[1]!]);
    expect(await latestExportDate(db)).toBe('2024-06-30');
    expect(await accountsExportDate(db)).toBeNull();
  });
});
