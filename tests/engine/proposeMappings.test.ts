/**
 * The app's proposal (the `proposeMappings` method): files registered with the
 * engine, read as the mapping screen shows them, come back mapped with their
 * relations and match rates, the same proposal the CLI's `map` makes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileInfo, ImportReport } from '../../engine/core/api/importSchema.js';
import type { AccountsResponse, DatasetMeta, ImportStatus, MappingProposal } from '../../engine/core/api/schema.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { EngineService } from '../../engine/node/service.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'sample-data');
const EXPORT = join(import.meta.dirname, '..', 'fixtures', 'exports', 'saas-multitable');
const service = new EngineService({ dataDir: SAMPLE, stateDir: mkdtempSync(join(tmpdir(), 'hsw-propose-')) });
afterAll(() => service.close());

/** A column's values, read with nothing but string splitting (these files have no quoted fields). */
function column(file: string, name: string): string[] {
  const [header, ...rows] = readFileSync(join(EXPORT, file), 'utf8').trim().split('\n');
  const k = header!.split(',').indexOf(name);
  return rows.map((r) => r.split(',')[k]!.trim());
}

const register = async (names: string[]) => {
  const files: FileInfo[] = [];
  for (const n of names) files.push(await service.registerPath(join(EXPORT, n)));
  return files;
};
const propose = async (files: { fileId: string; read: FileInfo['read'] }[]) =>
  (await service.handle('proposeMappings', { files })) as MappingProposal;

describe('proposing mappings and relations for the files on the mapping screen', () => {
  it('finds feature usage through subscriptions, with the share of its subscription ids that are there', async () => {
    const files = await register(['accounts.csv', 'subscriptions.csv', 'feature_usage.csv']);
    // On its own, the usage file has no account-id column: nothing to import it by.
    expect(files[2]!.suggestion.columns.account_id).toBeUndefined();
    expect(files[2]!.suggestion.via).toBeUndefined();

    const answer = await propose(files.map((f) => ({ fileId: f.id, read: f.read })));
    expect(answer.files.map((f) => f.fileId)).toEqual(files.map((f) => f.id));
    const [accounts, subs, usage] = answer.files.map((f) => f.mapping);
    expect(accounts).toMatchObject({ entity: 'accounts', columns: { account_id: 'account_id' } });
    expect(subs!.columns).toMatchObject({ account_id: 'account_id' });
    // The match rate, counted independently: distinct non-blank subscription ids of the usage file
    // (all of them: the file is far below the profiler's sample size) that subscriptions.csv holds.
    const used = new Set(column('feature_usage.csv', 'subscription_id').filter((v) => v !== ''));
    const known = new Set(column('subscriptions.csv', 'subscription_id'));
    const rate = [...used].filter((v) => known.has(v)).length / used.size;
    expect(rate).toBeCloseTo(41 / 42, 12);
    expect(usage).toMatchObject({
      entity: 'usage_daily',
      via: { column: 'subscription_id', file: 'subscriptions.csv', key: 'subscription_id', matchRate: rate },
    });
    expect(usage!.columns.account_id).toBeUndefined();
    expect(usage!.notes).toContain(
      'Account found through subscriptions.csv: 98 % of the sampled "subscription_id" values are its "subscription_id".',
    );
    // The registered files are unchanged: the proposal is an answer, not a state.
    const listed = (await service.handle('listFiles', {})) as FileInfo[];
    expect(listed.find((f) => f.id === files[2]!.id)!.suggestion.via).toBeUndefined();
  });

  it('reads each file as the request says, and answers for those read options', async () => {
    const files = await register(['accounts.csv', 'subscriptions.csv', 'feature_usage.csv']);
    // The usage file read with the wrong delimiter is one column: nothing in it is a subscription id.
    const wrong = { ...files[2]!.read, delimiter: ';' as const };
    const answer = await propose([
      { fileId: files[0]!.id, read: files[0]!.read },
      { fileId: files[1]!.id, read: files[1]!.read },
      { fileId: files[2]!.id, read: wrong },
    ]);
    expect(answer.files[2]!.read).toEqual(wrong);
    expect(answer.files[2]!.mapping.via).toBeUndefined();
    // Mapped by the header that read gives: one column, so no date column of its own.
    expect(Object.values(answer.files[2]!.mapping.columns)).not.toContain('usage_date');
    expect(answer.files[2]!.mapping.confidence).toBe('low');
    // The same files read as sniffed relate again: the re-read was for that answer only.
    const again = await propose(files.map((f) => ({ fileId: f.id, read: f.read })));
    expect(again.files[2]!.mapping.via?.file).toBe('subscriptions.csv');
  });

  it('proposes a CRM, Chargebee and product-usage export to be imported as it is', async () => {
    const dir = join(import.meta.dirname, '..', 'fixtures', 'exports', 'saas-usage-by-subscription');
    const names = ['salesforce-accounts.csv', 'chargebee-subscriptions.csv', 'product-usage-weekly.csv'];
    const files: FileInfo[] = [];
    for (const n of names) files.push(await service.registerPath(join(dir, n)));
    const answer = await propose(files.map((f) => ({ fileId: f.id, read: f.read })));
    const [crm, subs, usage] = answer.files.map((f) => f.mapping);
    expect(crm).toMatchObject({ entity: 'accounts', columns: { account_id: 'Account ID' } });
    expect(subs).toMatchObject({ entity: 'subscriptions', columns: { account_id: 'customer id' } });
    // Every usage row's subscription is in the subscriptions export.
    expect(usage).toMatchObject({
      entity: 'usage_daily',
      via: { column: 'Subscription ID', file: 'chargebee-subscriptions.csv', key: 'subscription id', matchRate: 1 },
    });

    // Imported as proposed, with no edit: the usage reaches its accounts, and they are scored on it.
    await service.handle('startImport', {
      files: answer.files.map((f) => ({ fileId: f.fileId, read: f.read, mapping: f.mapping })),
    });
    let status: ImportStatus;
    do {
      await new Promise((r) => setTimeout(r, 50));
      status = (await service.handle('getImportStatus', {})) as ImportStatus;
    } while (status.state === 'running');
    expect(status).toMatchObject({ state: 'done' });
    // Every usage row loaded. Two subscriptions of one account with the same figures on the same day
    // (counted from the files here) are two rows, not one exported twice.
    const lines = readFileSync(join(dir, names[2]!), 'utf8').trim().split('\n').slice(1);
    const owner = new Map(
      readFileSync(join(dir, names[1]!), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => [l.split(',')[0]!, l.split(',')[1]!] as const),
    );
    const seen = new Map<string, string>();
    const twins = lines.filter((l) => {
      const [sub, ...rest] = l.split(',');
      const key = [owner.get(sub!), ...rest].join(',');
      const other = seen.get(key);
      seen.set(key, sub!);
      return other !== undefined && other !== sub;
    });
    expect(twins.length).toBeGreaterThan(0);
    const report = (await service.handle('getImportReport', {})) as ImportReport;
    expect(report.files.find((f) => f.file === names[2])).toMatchObject({
      rowsRead: lines.length,
      rowsLoaded: lines.length,
      rowsRejected: 0,
    });
    const meta = (await service.handle('getDataset', {})) as DatasetMeta;
    const accounts = (await service.handle('listAccounts', {
      config: DEFAULT_CONFIG,
      backtest: DEFAULT_BACKTEST,
      asOf: meta.periods.at(-1),
      sort: 'score-asc',
      tierId: null,
      search: '001Dn00000004XyZ',
      offset: 0,
      limit: 10,
    })) as AccountsResponse;
    // Account 4 has two subscriptions (its plan and an add-on): its usage is theirs, and it has a usage score.
    const row = accounts.rows.find((r) => r.accountId === '001Dn00000004XyZ')!;
    expect(row.score).not.toBeNull();
    expect(row.categories.find((c) => c.id === 'usage')!.score).not.toBeNull();
  });

  it('refuses unknown and repeated files, naming them', async () => {
    const [f] = await register(['accounts.csv']);
    await expect(propose([{ fileId: 'f9999', read: { format: 'csv' } }])).rejects.toThrow(/no file f9999/);
    await expect(
      propose([
        { fileId: f!.id, read: f!.read },
        { fileId: f!.id, read: f!.read },
      ]),
    ).rejects.toThrow(/files: a file is listed twice/);
    await expect(propose([])).rejects.toThrow(/invalid proposeMappings request: files/);
  });
});
