/** The mapping screen's store with a churn flag: a flag with no date column needs the export date before the import starts. */
import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../../engine/core/api/importSchema.js';
import { importBlocker, mappingProblem, useImportStore } from '../../renderer/state/importStore.js';

const accounts: FileInfo = {
  id: 'f1',
  name: 'customers.csv',
  size: 10,
  read: { format: 'csv' },
  columns: ['Customer ID', 'Churn'].map((name) => ({ name, samples: [] })),
  suggestion: { entity: 'accounts', columns: { account_id: 'Customer ID', churned: 'Churn' }, dateFormats: {} },
  ranking: [],
};

describe('a churn flag on the mapping screen', () => {
  it('asks for the export date until one is given, and saves it with the mapping', () => {
    useImportStore.setState({
      files: [{ info: accounts, read: accounts.read, mapping: accounts.suggestion, include: true }],
    });
    const s = useImportStore.getState;
    expect(mappingProblem(s().files[0]!)).toBe(
      'column "Churn" says which accounts churned but not when: map a churn date column or give the export date',
    );
    expect(importBlocker(s().files)).toMatch(/^customers\.csv: column "Churn" says/);
    s().setChurnAsOf('f1', '2024-12-31');
    expect(mappingProblem(s().files[0]!)).toBeNull();
    expect(s().mappingFile().files[0]!.mapping.churnAsOf).toBe('2024-12-31');
    s().setChurnAsOf('f1', null);
    expect(s().files[0]!.mapping.churnAsOf).toBeUndefined();
  });
});
