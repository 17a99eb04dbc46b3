/** The mapping screen's store with extra columns: kept on an edited entry, saved as version 3, and named when gone. */
import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../../engine/core/api/importSchema.js';
import { importBlocker, mappingProblem, useImportStore } from '../../renderer/state/importStore.js';

const info = (id: string, name: string, columns: string[], suggestion: FileInfo['suggestion']): FileInfo => ({
  id,
  name,
  size: 10,
  read: { format: 'csv' },
  columns: columns.map((c) => ({ name: c, samples: [] })),
  suggestion,
  ranking: [],
});
const accounts = info('f1', 'accounts.csv', ['account_id'], {
  entity: 'accounts',
  columns: { account_id: 'account_id' },
  dateFormats: {},
});
const tickets = info('f2', 'tickets.csv', ['id', 'org', 'created', 'Product area'], {
  entity: 'tickets',
  columns: { ticket_id: 'id', account_id: 'org', opened_at: 'created' },
  dateFormats: { opened_at: 'iso' },
});

describe('extra columns on the mapping screen', () => {
  it('are kept in the mapping, saved as version 3, and removed with the last one', () => {
    const entry = (i: FileInfo) => ({ info: i, read: i.read, mapping: i.suggestion, include: true });
    useImportStore.setState({ files: [accounts, tickets].map(entry) });
    const s = useImportStore.getState;
    const area = { column: 'Product area', name: 'product_area', kind: 'category' } as const;
    s().setExtras('f2', [area]);
    expect(s().files[1]!.mapping.extras).toEqual([area]);
    expect(s().files[1]!.edited).toBe(true);
    expect(importBlocker(s().files)).toBeNull();
    expect(s().mappingFile().version).toBe(3);
    s().setExtras('f2', []);
    expect(s().files[1]!.mapping).not.toHaveProperty('extras');
    expect(s().mappingFile().version).toBe(1);
  });

  it('a kept column the file no longer has is named before the import starts', () => {
    const entry = (i: FileInfo) => ({ info: i, read: i.read, mapping: i.suggestion, include: true });
    useImportStore.setState({ files: [accounts, tickets].map(entry) });
    const s = useImportStore.getState;
    s().setExtras('f2', [{ column: 'Brand', name: 'brand', kind: 'category' }]);
    expect(mappingProblem(s().files[1]!)).toBe('Brand not in this file');
  });
});
