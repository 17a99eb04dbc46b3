/** The mapping screen's store with extra columns: kept on an edited entry, saved as version 3, and named when gone. */
import { describe, expect, it } from 'vitest';
import { importBlocker, mappingProblem, useImportStore } from '../../renderer/state/importStore.js';
import { accountsFile, fileEntry, fileInfo } from '../support/fileInfo.js';

const accounts = accountsFile();
const tickets = fileInfo('f2', 'tickets.csv', ['id', 'org', 'created', 'Product area'], {
  entity: 'tickets',
  columns: { ticket_id: 'id', account_id: 'org', opened_at: 'created' },
  dateFormats: { opened_at: 'iso' },
});

describe('extra columns on the mapping screen', () => {
  it('are kept in the mapping, saved as version 3, and removed with the last one', () => {
    useImportStore.setState({ files: [accounts, tickets].map(fileEntry) });
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
    useImportStore.setState({ files: [accounts, tickets].map(fileEntry) });
    const s = useImportStore.getState;
    s().setExtras('f2', [{ column: 'Brand', name: 'brand', kind: 'category' }]);
    expect(mappingProblem(s().files[1]!)).toBe('Brand not in this file');
  });
});
