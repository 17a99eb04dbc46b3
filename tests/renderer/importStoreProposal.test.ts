/**
 * The mapping screen asks the engine how its files relate: once per burst of
 * changes, filling every mapping the user has not edited, and dropping an answer
 * a later change has overtaken.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileInfo, FileMapping, ReadOptions } from '../../engine/core/api/importSchema.js';
import type { MappingProposal } from '../../engine/core/api/schema.js';
import type { WorkbenchClient } from '../../renderer/api/client.js';
import { importBlocker, PROPOSAL_DELAY_MS, useImportStore } from '../../renderer/state/importStore.js';
import { accountsFile, fileInfo } from '../support/fileInfo.js';

const CSV = { format: 'csv', delimiter: ',' } as const;
const info = (id: string, name: string, columns: string[], suggestion: FileMapping): FileInfo =>
  fileInfo(id, name, columns, suggestion, CSV);
const accounts = accountsFile(CSV);
const subs = info('f2', 'subscriptions.csv', ['subscription_id', 'account_id'], {
  entity: 'links',
  columns: { key: 'subscription_id', account_id: 'account_id' },
  dateFormats: {},
});
const usage = info('f3', 'feature_usage.csv', ['subscription_id', 'usage_date', 'logins'], {
  entity: 'usage_daily',
  columns: { date: 'usage_date', logins: 'logins' },
  dateFormats: { date: 'iso' },
});
const VIA = { column: 'subscription_id', file: 'subscriptions.csv', key: 'subscription_id', matchRate: 41 / 42 };
const proposedUsage: FileMapping = { ...usage.suggestion, via: VIA, confidence: 'low' };

interface Call {
  files: { fileId: string; read: ReadOptions }[];
  resolve: (a: MappingProposal) => void;
}

/** A client whose answers the test gives, one per call, in any order. */
function fakeClient(byFile: Record<string, FileInfo>) {
  const calls: Call[] = [];
  const client = {
    addFiles: async (files: File[]) => files.map((f) => byFile[f.name]!),
    removeFile: async () => ({}),
    sniffFile: async (req: { fileId: string; read?: Partial<ReadOptions> }) => {
      const i = Object.values(byFile).find((x) => x.id === req.fileId)!;
      return { ...i, read: { ...i.read, ...req.read } };
    },
    proposeMappings: (req: { files: Call['files'] }) =>
      new Promise<MappingProposal>((resolve) => calls.push({ files: req.files, resolve })),
  };
  return { client: client as unknown as WorkbenchClient, calls };
}
/** The engine's answer to a call: the usage file through subscriptions, the others as suggested. */
const answer = (call: Call): MappingProposal => ({
  files: call.files.map((f) => ({
    fileId: f.fileId,
    read: f.read,
    mapping: f.fileId === 'f3' ? proposedUsage : [accounts, subs].find((i) => i.id === f.fileId)!.suggestion,
  })),
});
const file = (name: string) => new File(['x'], name);
const byName = { 'accounts.csv': accounts, 'subscriptions.csv': subs, 'feature_usage.csv': usage };
const s = useImportStore.getState;
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  useImportStore.setState({ files: [], proposing: false, notice: null, error: null });
});
afterEach(() => vi.useRealTimers());

describe('the mapping screen proposes relations from the data', () => {
  it('asks once for a burst of changes, after the quiet time, and fills the relation with its match rate', async () => {
    const { client, calls } = fakeClient(byName);
    await s().add(client, [file('accounts.csv'), file('subscriptions.csv')]);
    await s().add(client, [file('feature_usage.csv')]);
    expect(s().proposing).toBe(true);
    // Without the relation the usage file cannot be imported.
    expect(importBlocker(s().files)).toBe('feature_usage.csv: choose a column for Account ID');
    await vi.advanceTimersByTimeAsync(PROPOSAL_DELAY_MS - 1);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.files).toEqual([
      { fileId: 'f1', read: accounts.read },
      { fileId: 'f2', read: subs.read },
      { fileId: 'f3', read: usage.read },
    ]);
    calls[0]!.resolve(answer(calls[0]!));
    await settle();
    expect(s().proposing).toBe(false);
    expect(s().files[2]!.mapping.via).toEqual(VIA);
    expect(s().files[2]!.edited).toBeUndefined();
    expect(importBlocker(s().files)).toBeNull();
  });

  it('keeps a mapping the user edited while the proposal was on its way', async () => {
    const { client, calls } = fakeClient(byName);
    await s().add(client, [file('accounts.csv'), file('subscriptions.csv'), file('feature_usage.csv')]);
    await vi.advanceTimersByTimeAsync(PROPOSAL_DELAY_MS);
    s().setColumn('f3', 'account_id', 'subscription_id');
    calls[0]!.resolve(answer(calls[0]!));
    await settle();
    expect(s().files[2]!.mapping.via).toBeUndefined();
    expect(s().files[2]!.mapping.columns.account_id).toBe('subscription_id');
    // …and in later proposals too.
    await s().remove(client, 'f1');
    await s().add(client, [file('accounts.csv')]);
    await vi.advanceTimersByTimeAsync(PROPOSAL_DELAY_MS);
    calls.at(-1)!.resolve(answer(calls.at(-1)!));
    await settle();
    expect(s().files.find((e) => e.info.id === 'f3')!.mapping.columns.account_id).toBe('subscription_id');
  });

  it('drops an answer a later change overtook, and takes the later one', async () => {
    const { client, calls } = fakeClient(byName);
    await s().add(client, [file('accounts.csv'), file('subscriptions.csv'), file('feature_usage.csv')]);
    await vi.advanceTimersByTimeAsync(PROPOSAL_DELAY_MS);
    await s().setRead(client, 'f3', { delimiter: ';' });
    expect(s().proposing).toBe(true);
    await vi.advanceTimersByTimeAsync(PROPOSAL_DELAY_MS);
    expect(calls).toHaveLength(2);
    // The first answer, for the comma-separated read, arrives last: it is stale.
    const later: MappingProposal = {
      files: answer(calls[1]!).files.map((f) =>
        f.fileId === 'f3' ? { ...f, mapping: { ...usage.suggestion, confidence: 'low' } } : f,
      ),
    };
    calls[1]!.resolve(later);
    await settle();
    // Even for the files whose read options did not change: it was worked out from files since changed.
    const stale = answer(calls[0]!);
    stale.files[1]!.mapping = { ...subs.suggestion, notes: ['from the stale answer'] };
    calls[0]!.resolve(stale);
    await settle();
    expect(s().files[1]!.mapping.notes).toBeUndefined();
    expect(s().files[2]!.read.delimiter).toBe(';');
    expect(s().files[2]!.mapping.via).toBeUndefined();
    expect(s().files[2]!.mapping.confidence).toBe('low');
    expect(s().proposing).toBe(false);
  });

  it('an answer for read options the file no longer has is not applied to it', async () => {
    const { client, calls } = fakeClient(byName);
    await s().add(client, [file('accounts.csv'), file('subscriptions.csv'), file('feature_usage.csv')]);
    await vi.advanceTimersByTimeAsync(PROPOSAL_DELAY_MS);
    const a = answer(calls[0]!);
    a.files[2]!.read = { format: 'csv', delimiter: '|' };
    calls[0]!.resolve(a);
    await settle();
    expect(s().files[2]!.mapping.via).toBeUndefined();
    expect(s().files[0]!.mapping).toEqual(accounts.suggestion);
  });

  it('a failed proposal says what to do and leaves each file as suggested', async () => {
    const { client } = fakeClient(byName);
    (client as { proposeMappings: unknown }).proposeMappings = async () => {
      throw new Error('feature_usage.csv: cannot be read');
    };
    await s().add(client, [file('accounts.csv'), file('feature_usage.csv')]);
    await vi.advanceTimersByTimeAsync(PROPOSAL_DELAY_MS);
    expect(s().proposing).toBe(false);
    expect(s().notice).toMatch(/feature_usage.csv: cannot be read.*choose how a file without an account-id column/);
    expect(s().files[1]!.mapping).toEqual(usage.suggestion);
  });

  it('one file alone is not sent: it has nothing to relate to', async () => {
    const { client, calls } = fakeClient(byName);
    await s().add(client, [file('accounts.csv')]);
    await vi.advanceTimersByTimeAsync(PROPOSAL_DELAY_MS * 2);
    expect(calls).toHaveLength(0);
    expect(s().proposing).toBe(false);
  });
});
