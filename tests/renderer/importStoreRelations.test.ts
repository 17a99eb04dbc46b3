/** The mapping screen's store with relations: a relation stands for the account-id column, and is saved as version 2. */
import { describe, expect, it } from 'vitest';
import { importBlocker, mappingProblem, useImportStore } from '../../renderer/state/importStore.js';
import { accountsFile, fileEntry, fileInfo } from '../support/fileInfo.js';

const accounts = accountsFile();
const subs = fileInfo('f2', 'subscriptions.csv', ['subscription_id', 'account_id'], {
  entity: 'links',
  columns: { key: 'subscription_id', account_id: 'account_id' },
  dateFormats: {},
});
const usage = fileInfo('f3', 'feature_usage.csv', ['subscription_id', 'usage_date'], {
  entity: 'usage_daily',
  columns: { date: 'usage_date' },
  dateFormats: { date: 'iso' },
});

describe('relations on the mapping screen', () => {
  it('a file with neither an account-id column nor a relation cannot be imported; a relation fixes it', () => {
    useImportStore.setState({ files: [accounts, subs, usage].map(fileEntry) });
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
