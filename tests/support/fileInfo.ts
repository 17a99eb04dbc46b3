/** Files as the mapping screen's store holds them, for its specs: a profiled file, and its entry as first added. */
import type { FileInfo, ReadOptions } from '../../engine/core/api/importSchema.js';

/** A profiled CSV with these column names (no samples) and the proposed mapping `suggestion`. */
export const fileInfo = (
  id: string,
  name: string,
  columns: string[],
  suggestion: FileInfo['suggestion'],
  read: ReadOptions = { format: 'csv' },
): FileInfo => ({
  id,
  name,
  size: 10,
  read,
  columns: columns.map((c) => ({ name: c, samples: [] })),
  suggestion,
  ranking: [],
});

/** The accounts file most specs start from: one column, its id. */
export const accountsFile = (read?: ReadOptions): FileInfo =>
  fileInfo(
    'f1',
    'accounts.csv',
    ['account_id'],
    { entity: 'accounts', columns: { account_id: 'account_id' }, dateFormats: {} },
    read,
  );

/** The store's entry for a file as added: its proposal taken as it is, included. */
export const fileEntry = (info: FileInfo) => ({ info, read: info.read, mapping: info.suggestion, include: true });
