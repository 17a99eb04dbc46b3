/** The pure half of relations: keys, match rates, a second accounts table, honest confidence, chains, saved mappings. */
import { describe, expect, it } from 'vitest';
import type { FileMapping, MappingFile } from '../../engine/core/api/importSchema.js';
import { MAPPING_FORMAT, MappingFileSchema } from '../../engine/core/api/importSchema.js';
import { matchMappingFile } from '../../engine/core/import/mappingFile.js';
import {
  keyColumns,
  matchRate,
  missingRequiredFields,
  proposeMappings,
  relationChain,
  relationProblems,
  type KeyHits,
  type ProposalFile,
} from '../../engine/core/import/relations.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';

/** A file whose every column's values are given in full (the profile of a small file is the file). */
function file(name: string, table: Record<string, string[]>): ProposalFile {
  const rows = Object.values(table)[0]!.length;
  return {
    name,
    columns: Object.entries(table).map(([n, v]) => ({ name: n, samples: v.slice(0, 20) })),
    stats: {
      name,
      rows,
      columns: Object.entries(table).map(([n, v]) => {
        const filled = v.filter((x) => x.trim() !== '');
        return { name: n, filled: filled.length, distinct: new Set(filled).size, sample: [...new Set(filled)] };
      }),
    },
  };
}
/** What the Node side gathers: for each key, which other files' sampled values it holds. */
function hitsOf(files: ProposalFile[]): KeyHits {
  return new Map(
    files.map((f) => [
      f.name,
      new Map(
        keyColumns(f.stats).map((k) => {
          const keyValues = new Set(f.stats.columns.find((c) => c.name === k)!.sample);
          const others = files.filter((o) => o !== f).flatMap((o) => o.stats.columns.flatMap((c) => c.sample));
          return [k, new Set(others.filter((v) => keyValues.has(v)))];
        }),
      ),
    ]),
  );
}

const ids = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i + 1}`);

describe('keys and references', () => {
  it('a key is a column filled on every row with no value twice, id-like headers first', () => {
    const f = file('x.csv', {
      name: ['a', 'b', 'c'],
      account_id: ['A1', 'A1', 'A2'],
      subscription_id: ['S1', 'S2', 'S3'],
      note: ['x', '', 'y'],
    });
    expect(keyColumns(f.stats)).toEqual(['subscription_id', 'name']);
  });

  it('the match rate is the share of sampled values found in the key; none sampled is 0', () => {
    const col = { name: 'c', filled: 4, distinct: 4, sample: ['a', 'b', 'c', 'd'] };
    expect(matchRate(col, new Set(['a', 'c', 'z']))).toBe(0.5);
    expect(matchRate({ ...col, sample: [] }, new Set(['a']))).toBe(0);
    expect(matchRate(col, undefined)).toBe(0);
  });
});

describe('a second table with account ids', () => {
  // One subscription per account: its account ids are unique too, as in the 5,000-row export of issue 15.
  const accounts = file('accounts.csv', {
    account_id: ids('A', 6),
    account_name: ids('Co ', 6),
    created_at: Array(6).fill('2024-01-01'),
  });
  const subs = file('crm_b.csv', {
    subscription_id: ids('S', 6),
    account_id: ids('A', 6),
    plan: Array(6).fill('Growth'),
    start_date: Array(6).fill('2024-01-01'),
    arr: Array(6).fill('1200'),
  });

  it('is not a second accounts table when its own key is another column and its ids are the accounts', () => {
    // On its own it reads as accounts (account id, plan, start date, ARR): the bug of issue 15.
    expect(suggestFileMapping(subs.name, subs.columns).entity).toBe('accounts');
    const [a, s] = proposeMappings([accounts, subs], hitsOf([accounts, subs]));
    expect(a!.entity).toBe('accounts');
    expect(s).toMatchObject({
      entity: 'subscriptions',
      columns: { subscription_id: 'subscription_id', account_id: 'account_id' },
    });
    expect(s!.confidence).toBe('medium');
    expect(s!.notes).toEqual([
      `Not a second accounts table: "account_id" holds accounts.csv's account ids (100 % of those sampled) and "subscription_id" is this table's own key.`,
    ]);
  });

  it('stays accounts when no other file is a list of accounts', () => {
    expect(proposeMappings([subs], hitsOf([subs]))[0]!.entity).toBe('accounts');
  });

  it('a usage table keyed by subscription id reaches the account through the subscriptions, two hops at most', () => {
    const usage = file('usage.csv', {
      subscription_id: ['S1', 'S1', 'S2', 'S9'],
      usage_date: ['2024-02-01', '2024-02-02', '2024-02-01', '2024-02-01'],
      active_users: ['3', '4', '5', '1'],
    });
    const m = proposeMappings([accounts, subs, usage], hitsOf([accounts, subs, usage]))[2]!;
    expect(m.entity).toBe('usage_daily');
    // S1, S2 and S9 sampled; S9 is no subscription.
    expect(m.via).toEqual({
      column: 'subscription_id',
      file: 'crm_b.csv',
      key: 'subscription_id',
      matchRate: 2 / 3,
    });
    expect(m.confidence).toBe('low');
    expect(missingRequiredFields(m)).toEqual([]);
  });

  it("a headerless file's column of account ids becomes its account-id column, and the file never an accounts list", () => {
    const churn = file('churn.tsv', { 'column 1': ['A2', 'A5'], 'column 2': ['2024-03-01', '2024-04-01'] });
    expect(suggestFileMapping(churn.name, churn.columns).columns.account_id).toBeUndefined();
    const m = proposeMappings([accounts, churn], hitsOf([accounts, churn]))[1]!;
    expect(m).toMatchObject({ entity: 'churn', columns: { account_id: 'column 1' } });
    expect(m.via).toBeUndefined();
  });

  it('leaves a file without any reference as it was, its account id missing', () => {
    const stray = file('usage.csv', { workspace_ref: ['W1', 'W2'], usage_date: ['2024-02-01', '2024-02-02'] });
    const m = proposeMappings([accounts, stray], hitsOf([accounts, stray]))[1]!;
    expect(m.via).toBeUndefined();
    expect(m.confidence).toBe('low');
  });
});

describe('honest confidence', () => {
  it('a subscription id is not an invoice account, and one synonym is never high confidence', () => {
    const m = suggestFileMapping('feature_usage.csv', [
      { name: 'subscription_id', samples: ['S1'] },
      { name: 'usage_date', samples: ['2024-02-01'] },
      { name: 'usage_count', samples: ['4'] },
    ]);
    expect(m.columns.account_id).toBeUndefined();
    expect(m.confidence).toBe('low');
    const one = suggestFileMapping('export.csv', [
      { name: 'customer', samples: ['c1'] },
      { name: 'when', samples: ['2024-02-01'] },
    ]);
    expect(one.confidence).not.toBe('high');
  });

  it('ARR is taken before MRR; MRR alone is said to become ARR × 12', () => {
    const both = suggestFileMapping('accounts.csv', [
      { name: 'account_id', samples: ['A1'] },
      { name: 'mrr_amount', samples: ['100'] },
      { name: 'arr_amount', samples: ['1200'] },
    ]);
    expect(both.columns).toMatchObject({ arr: 'arr_amount', mrr: 'mrr_amount' });
    const mrr = suggestFileMapping('accounts.csv', [
      { name: 'account_id', samples: ['A1'] },
      { name: 'MRR', samples: ['100'] },
    ]);
    expect(mrr.columns.arr).toBeUndefined();
    expect(mrr.notes).toEqual(['No ARR column: ARR = "MRR" (MRR) × 12.']);
  });
});

describe('relation chains', () => {
  const m = (via?: FileMapping['via'], account?: string): FileMapping => ({
    entity: 'links',
    columns: { key: 'k', ...(account ? { account_id: account } : {}) },
    dateFormats: {},
    ...(via ? { via } : {}),
  });
  const via = (file: string) => ({ column: 'k', file, key: 'k' });

  it('follows up to two relations and names a loop, a long chain and a missing file', () => {
    const maps = new Map<string, FileMapping>([
      ['a', m(via('b'))],
      ['b', m(via('c'))],
      ['c', m(undefined, 'acct')],
      ['x', m(via('y'))],
      ['y', m(via('x'))],
      ['p', m(via('a'))],
      ['q', m(via('gone.csv'))],
    ]);
    expect(relationChain('a', maps)).toEqual({ chain: ['b', 'c'], problem: null });
    expect(relationChain('x', maps).problem).toBe('x: its relations go round in a circle (x → y → x)');
    expect(relationChain('p', maps).problem).toBe(
      'p: reaches its account through 3 files (a → b → c); at most 2 are followed',
    );
    expect(relationChain('q', maps).problem).toBe(
      'q: finds its account through gone.csv, which is not among the files being imported',
    );
  });

  it('names a relation column or key that is not there, and an account id mapped twice', () => {
    expect(
      relationProblems([
        {
          name: 'u.csv',
          columns: ['sub', 'date'],
          mapping: { ...m({ column: 'subx', file: 's.csv', key: 'id' }), columns: { account_id: 'date' } },
        },
        { name: 's.csv', columns: ['sid', 'acct'], mapping: m(undefined, 'acct') },
      ]),
    ).toEqual([
      'u.csv: has both an account-id column ("date") and a relation to s.csv; keep one',
      'u.csv: column "subx" (its relation) is not in the file',
      'u.csv: s.csv has no column "id" to look "subx" up in',
    ]);
  });
});

describe('saved mappings with relations', () => {
  const saved: MappingFile = {
    format: MAPPING_FORMAT,
    version: 2,
    files: [
      {
        name: 'usage-2026-10.csv',
        headers: ['subscription_id', 'usage_date'],
        read: { format: 'csv' },
        mapping: {
          entity: 'usage_daily',
          columns: { date: 'usage_date' },
          dateFormats: { date: 'iso' },
          via: { column: 'subscription_id', file: 'subscriptions-2026-10.csv', key: 'subscription_id' },
        },
      },
      {
        name: 'subscriptions-2026-10.csv',
        headers: ['subscription_id', 'account_id'],
        read: { format: 'csv' },
        mapping: { entity: 'links', columns: { key: 'subscription_id', account_id: 'account_id' }, dateFormats: {} },
      },
    ],
  };

  it("follow next month's file names", () => {
    const r = matchMappingFile(saved, [
      { id: 'f1', name: 'usage-2026-11.csv', columns: ['usage_date', 'subscription_id'] },
      { id: 'f2', name: 'subscriptions-2026-11.csv', columns: ['subscription_id', 'account_id'] },
    ]);
    expect(r.matches.find((x) => x.fileId === 'f1')!.mapping.via!.file).toBe('subscriptions-2026-11.csv');
  });

  it('a version-1 file still reads, every account id a column of its file', () => {
    const v1 = {
      format: MAPPING_FORMAT,
      version: 1,
      files: [
        {
          name: 'a.csv',
          headers: ['id'],
          read: { format: 'csv' },
          mapping: { entity: 'accounts', columns: { account_id: 'id' }, dateFormats: {} },
        },
      ],
    };
    const parsed = MappingFileSchema.parse(v1);
    expect(parsed.files[0]!.mapping.via).toBeUndefined();
    expect(MappingFileSchema.safeParse(saved).success).toBe(true);
  });
});
