/** The mapping screen's store with relations: a relation stands for the account-id column, and is saved as version 2. */
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
const subs = info('f2', 'subscriptions.csv', ['subscription_id', 'account_id'], {
  entity: 'links',
  columns: { key: 'subscription_id', account_id: 'account_id' },
  dateFormats: {},
});
const usage = info('f3', 'feature_usage.csv', ['subscription_id', 'usage_date'], {
  entity: 'usage_daily',
  columns: { date: 'usage_date' },
  dateFormats: { date: 'iso' },
});

describe('relations on the mapping screen', () => {
  it('a file with neither an account-id column nor a relation cannot be imported; a relation fixes it', () => {
    const entry = (i: FileInfo) => ({ info: i, read: i.read, mapping: i.suggestion, include: true });
    useImportStore.setState({ files: [accounts, subs, usage].map(entry) });
    const s = useImportStore.getState;
    expect(mappingProblem(s().files[2]!)).toBe('choose a column for Account ID');
    s().setRelation('f3', { column: 'subscription_id', file: 'subscriptions.csv', key: 'subscription_id' });
    expect(mappingProblem(s().files[2]!)).toBeNull();
    expect(importBlocker(s().files)).toBeNull();
    expect(s().mappingFile().version).toBe(2);
    // A key column the other file does not have is named before the import starts.
    s().setRelation('f3', { column: 'subscription_id', file: 'subscriptions.csv', key: 'sub' });
    expect(importBlocker(s().files)).toBe(
      'feature_usage.csv: subscriptions.csv has no column "sub" to look "subscription_id" up in',
    );
    s().setRelation('f3', null);
    expect(s().files[2]!.mapping.via).toBeUndefined();
    expect(s().mappingFile().version).toBe(1);
  });
});
