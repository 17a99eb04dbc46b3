/** The export date (mapping.asOf): which files need it, what it does, and when it is refused. */
import { describe, expect, it } from 'vitest';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import {
  exportDateEffect,
  exportDateProblems,
  exportDateUse,
  monthEnd,
  takesExportDate,
} from '../../engine/core/import/exportDate.js';

const m = (entity: FileMapping['entity'], columns: Record<string, string>, asOf?: string): FileMapping => ({
  entity,
  columns,
  dateFormats: {},
  ...(asOf ? { asOf } : {}),
});
const flagOnly = m('accounts', { account_id: 'Customer ID', churned: 'Churn' });
const flagAndDate = m('accounts', { account_id: 'Customer ID', churned: 'Churn', churn_date: 'Cancelled At' });
const extract = m('score_history', { account_id: 'Company ID', score: 'Health Score' });
const history = m('score_history', { account_id: 'Company ID', score: 'Health Score', score_date: 'Date' });
const usage = m('usage_daily', { account_id: 'a', date: 'd' });

describe('the export date', () => {
  it('is needed by a churn flag without a churn date and by a score extract without a score date, only', () => {
    expect([flagOnly, flagAndDate, extract, history, usage].map(exportDateUse)).toEqual([
      'churn',
      null,
      'scores',
      null,
      null,
    ]);
    // A churn date column may be blank on some rows: the export date still dates those.
    expect([flagOnly, flagAndDate, extract, history, usage].map(takesExportDate)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('falls in the month ending on the last day of its month, leap years included', () => {
    expect(monthEnd('2026-11-30')).toBe('2026-11-30');
    expect(monthEnd('2026-11-01')).toBe('2026-11-30');
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2025-02-10')).toBe('2025-02-28');
    expect(monthEnd('2025-12-31')).toBe('2025-12-31');
  });

  it('says in plain words what it does to the file', () => {
    expect(exportDateEffect(flagOnly, '2026-11-14')).toBe(
      'Accounts flagged as churned are dated 2026-11-14: their churn is counted in the month ending 2026-11-30, and accounts flagged close to it have had less time to be seen churning, so churn in the last months is under-counted.',
    );
    expect(exportDateEffect(flagAndDate, '2026-11-30')).toMatch(
      /^Accounts flagged as churned with a blank churn date are dated 2026-11-30/,
    );
    expect(exportDateEffect(extract, '2026-11-30')).toMatch(
      /^Every score in this file is taken as the account's score on 2026-11-30/,
    );
    expect(exportDateEffect(usage, '2026-11-30')).toBeNull();
  });

  it('is refused where it would date nothing, and for a score extract when after today', () => {
    expect(exportDateProblems({ ...usage, asOf: '2026-11-30' }, '2026-12-01')).toEqual([
      "the export date 2026-11-30 would date nothing: this file's rows carry their own dates (only a churn flag without a churn date, a score extract without a score date, or a tenure column without a start date, takes one); remove it",
    ]);
    expect(exportDateProblems({ ...history, asOf: '2026-11-30' }, '2026-12-01')).toHaveLength(1);
    expect(exportDateProblems({ ...extract, asOf: '2026-12-02' }, '2026-12-01')).toEqual([
      'the export date 2026-12-02 is after today: no score can have been given on it yet',
    ]);
    // On the day itself it has happened.
    expect(exportDateProblems({ ...extract, asOf: '2026-12-01' }, '2026-12-01')).toEqual([]);
    expect(exportDateProblems({ ...flagOnly, asOf: '2026-11-30' }, '2026-12-01')).toEqual([]);
    expect(exportDateProblems(usage, '2026-12-01')).toEqual([]);
  });
});
