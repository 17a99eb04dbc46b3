/**
 * The mapping screen's store and the export date: a churn flag with no date column or a score extract
 * with no score date needs one before the import starts, proposed from the file's modification date.
 */
import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../../engine/core/api/importSchema.js';
import { exportDateEffect } from '../../engine/core/import/exportDate.js';
import { importBlocker, mappingProblem, useImportStore } from '../../renderer/state/importStore.js';

const accounts: FileInfo = {
  id: 'f1',
  name: 'customers.csv',
  size: 10,
  read: { format: 'csv' },
  columns: ['Customer ID', 'Churn', 'Cancelled At'].map((name) => ({ name, samples: [] })),
  suggestion: { entity: 'accounts', columns: { account_id: 'Customer ID', churned: 'Churn' }, dateFormats: {} },
  ranking: [],
};
const entry = (info: FileInfo) => ({ info, read: info.read, mapping: info.suggestion, include: true });
const s = useImportStore.getState;

describe('the export date on the mapping screen', () => {
  it('asks for it until one is given, and saves it with the mapping as asOf', () => {
    useImportStore.setState({ files: [entry(accounts)] });
    expect(mappingProblem(s().files[0]!)).toBe(
      'column "Churn" says which accounts churned but not when: map a churn date column or give the export date',
    );
    expect(importBlocker(s().files)).toMatch(/^customers\.csv: column "Churn" says/);
    s().setAsOf('f1', '2024-12-31');
    expect(mappingProblem(s().files[0]!)).toBeNull();
    const saved = s().mappingFile().files[0]!.mapping;
    expect(saved.asOf).toBe('2024-12-31');
    expect(saved).not.toHaveProperty('churnAsOf');
    s().setAsOf('f1', null);
    expect(s().files[0]!.mapping.asOf).toBeUndefined();
  });

  it('is proposed from the modification date where needed, said so, and withdrawn once a churn date is mapped', () => {
    useImportStore.setState({ files: [] });
    // Through the store's own path for new files (add), with a fake client answering addFiles.
    const client = { addFiles: () => Promise.resolve([{ ...accounts, modified: '2026-11-30' }]) };
    return s()
      .add(client as never, [new File([''], 'customers.csv')])
      .then(() => {
        const e = s().files[0]!;
        expect(e.mapping.asOf).toBe('2026-11-30');
        expect(e.asOfBy).toBe('file');
        expect(mappingProblem(e)).toBeNull();
        s().setColumn('f1', 'churn_date', 'Cancelled At');
        expect(s().files[0]!.mapping.asOf).toBeUndefined();
        s().setColumn('f1', 'churn_date', null);
        expect(s().files[0]!.mapping.asOf).toBe('2026-11-30');
        // Cleared by the user: asked for, not proposed again.
        s().setAsOf('f1', null);
        expect(s().files[0]!.mapping.asOf).toBeUndefined();
        expect(mappingProblem(s().files[0]!)).toMatch(/give the export date/);
      });
  });

  it('is not proposed for a file whose rows carry their own dates', () => {
    const dated: FileInfo = {
      ...accounts,
      modified: '2026-11-30',
      suggestion: {
        entity: 'accounts',
        columns: { account_id: 'Customer ID', churned: 'Churn', churn_date: 'Cancelled At' },
        dateFormats: {},
      },
    };
    const client = { addFiles: () => Promise.resolve([dated]) };
    useImportStore.setState({ files: [] });
    return s()
      .add(client as never, [new File([''], 'customers.csv')])
      .then(() => expect(s().files[0]!.mapping.asOf).toBeUndefined());
  });

  it('is proposed for a score extract without a score date, and what it does is said', () => {
    const extract: FileInfo = {
      id: 'f1',
      name: 'gainsight scorecard today.csv',
      size: 10,
      modified: '2026-11-30',
      read: { format: 'csv' },
      columns: ['Company ID', 'Overall Score'].map((name) => ({ name, samples: [] })),
      suggestion: {
        entity: 'score_history',
        columns: { account_id: 'Company ID', score: 'Overall Score' },
        dateFormats: {},
      },
      ranking: [],
    };
    useImportStore.setState({ files: [] });
    return s()
      .add({ addFiles: () => Promise.resolve([extract]) } as never, [new File([''], extract.name)])
      .then(() => {
        const e = s().files[0]!;
        expect(e.mapping.asOf).toBe('2026-11-30');
        expect(mappingProblem(e)).toBeNull();
        expect(exportDateEffect(e.mapping, e.mapping.asOf!)).toMatch(/^Every score in this file is taken as/);
        // Its own score date mapped: the proposal is withdrawn.
        s().setColumn('f1', 'score_date', 'Overall Score');
        expect(s().files[0]!.mapping.asOf).toBeUndefined();
      });
  });

  it("applying a saved mapping to next month's file dates it from that file, not from the saved date", () => {
    const savedFor = (asOf: string) =>
      JSON.stringify({
        format: 'health-score-workbench/mapping',
        version: 1,
        files: [
          {
            name: accounts.name,
            headers: accounts.columns.map((c) => c.name),
            read: accounts.read,
            mapping: { ...accounts.suggestion, asOf },
          },
        ],
      });
    useImportStore.setState({ files: [entry({ ...accounts, modified: '2025-01-31' })] });
    s().applyMapping(savedFor('2024-12-31'));
    expect(s().files[0]!.mapping.asOf).toBe('2025-01-31');
    expect(s().files[0]!.asOfBy).toBe('file');
    expect(s().notice).toContain('customers.csv is dated 2025-01-31 from the file (the saved mapping had 2024-12-31)');

    // An upload has no modification date: the saved one stays, and the user is told to check it.
    useImportStore.setState({ files: [entry(accounts)] });
    s().applyMapping(savedFor('2024-12-31'));
    expect(s().files[0]!.mapping.asOf).toBe('2024-12-31');
    expect(s().notice).toContain('customers.csv keeps the saved export date 2024-12-31: check it');

    // The same day as the file's: kept without a word.
    useImportStore.setState({ files: [entry({ ...accounts, modified: '2024-12-31' })] });
    s().applyMapping(savedFor('2024-12-31'));
    expect(s().files[0]!.mapping.asOf).toBe('2024-12-31');
    expect(s().notice).not.toContain('Export date');
  });
});
