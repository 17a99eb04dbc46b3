/**
 * CSM overrides: in force from the day they are set until they expire, never
 * seen by a snapshot dated before them; applied on top of the computed score
 * (tier overrides mid-tier, score overrides as given); the backtest runs with
 * or without them; the account list shows both tiers and the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { BacktestPipeline } from '../../engine/core/backtest/pipeline.js';
import { listAccounts } from '../../engine/core/accounts/listAccounts.js';
import { applyOverrides, overrideScore, tierMidpoint } from '../../engine/core/scoring/overrides.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG, TIER_PRESETS } from '../../engine/core/model/defaults.js';
import { scoreFrame } from '../../engine/core/scoring/score.js';
import { rowIndex, weeklyUsage, writeExports } from './fixtures.js';

const accounts = ['A1', 'A2', 'A3', 'A4'].map((id) => ({
  account_id: id,
  name: id,
  segment: 'SMB',
  signup_date: '2024-01-01',
  arr: 1000,
  seats: 5,
}));
const dir = writeExports({
  accounts,
  usage_events: accounts.flatMap((a) => weeklyUsage(a.account_id, '2025-01-01', 40, () => 5)),
  churn: [],
  overrides: [
    {
      account_id: 'A1',
      created_at: '2025-04-15',
      tier: 'Red',
      reason: 'Champion left',
      author: 'jo',
      expires_at: '2025-06-15',
    },
    { account_id: 'A2', created_at: '2025-05-31', score: 95, reason: 'Expansion signed', author: 'sam' },
    { account_id: 'A2', created_at: '2025-07-10', tier: 'yellow', reason: 'Renewal at risk after all', author: 'sam' },
    { account_id: 'A3', created_at: '2025-04-01', tier: 'Red', reason: '', author: 'x' }, // no reason: not an override
  ],
});

let data: LoadedData;
beforeAll(async () => {
  data = await loadWorkbenchData(dir);
});
afterAll(() => data.close());

const inForce = (id: string, asOf: string) => {
  const f = data.frame;
  const k = f.overrideIdx[rowIndex(f, id, asOf)]!;
  return k < 0 ? null : f.meta.overrides[k]!.reason;
};

describe('which override is in force at a snapshot', () => {
  it('only from its date, until it expires; the latest wins; none without a reason', () => {
    expect(data.frame.meta.overrides).toHaveLength(3);
    expect(inForce('A1', '2025-03-31')).toBeNull(); // set later: a backtest at March must not see it
    expect(inForce('A1', '2025-04-30')).toBe('Champion left');
    expect(inForce('A1', '2025-05-31')).toBe('Champion left');
    expect(inForce('A1', '2025-06-30')).toBeNull(); // expired 06-15
    expect(inForce('A2', '2025-05-31')).toBe('Expansion signed'); // set on the as-of date itself
    expect(inForce('A2', '2025-07-31')).toBe('Renewal at risk after all');
    expect(inForce('A3', '2025-04-30')).toBeNull();
  });
});

describe('applying overrides', () => {
  const scheme = DEFAULT_CONFIG.tiers;
  it('puts a tier override mid-tier (by id or name, any case) and a score override as given', () => {
    expect(tierMidpoint(scheme, 0)).toBe(85);
    expect(tierMidpoint(scheme, 2)).toBe(20);
    const base = { accountId: 'x', createdAt: '2025-01-01', reason: 'r', author: null, expiresAt: null };
    expect(overrideScore({ ...base, tier: 'RED', score: null }, scheme)).toBe(20);
    expect(overrideScore({ ...base, tier: 'yellow', score: null }, scheme)).toBe(55);
    expect(overrideScore({ ...base, tier: null, score: 140 }, scheme)).toBe(100);
    // A tier this scheme does not have falls back to the score, or does nothing.
    expect(overrideScore({ ...base, tier: 'Critical', score: null }, scheme)).toBeNull();
    const four = TIER_PRESETS.find((t) => t.tiers.length === 4)!;
    expect(overrideScore({ ...base, tier: 'Critical', score: null }, four)).toBe(tierMidpoint(four, 3));
  });

  it('changes only the overridden snapshots', () => {
    const { scores } = scoreFrame(data.frame, DEFAULT_CONFIG);
    const applied = applyOverrides(data.frame, scheme, scores);
    const changed = [...applied.keys()].filter((i) => applied[i] !== scores[i]);
    const forced = [...applied.keys()].filter((i) => data.frame.overrideIdx[i]! >= 0);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((i) => forced.includes(i))).toBe(true);
    expect(applied[rowIndex(data.frame, 'A1', '2025-04-30')]).toBe(20);
    expect(applied[rowIndex(data.frame, 'A2', '2025-05-31')]).toBe(95);
  });

  it('the backtest counts overridden accounts in the tier the CSM chose only when asked to, and reports the override rate', () => {
    const pipeline = new BacktestPipeline(data.frame);
    const asOf = '2025-04-30';
    const ignore = pipeline.run({ config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST, asOf });
    const apply = pipeline.run({ config: DEFAULT_CONFIG, backtest: { ...DEFAULT_BACKTEST, overrides: 'apply' }, asOf });
    const red = (r: typeof ignore) => r.portfolio.tierCounts.find((t) => t.tierId === 'red')!.count;
    expect(red(apply)).toBe(red(ignore) + 1);
    expect(apply.portfolio.overrides).toEqual({ active: 1, rate: 0.25 });
    expect(apply.backtest.warnings.map((w) => w.kind)).toContain('override-rate');
    // After a cut-point move the override still lands in its tier.
    const moved = {
      ...DEFAULT_CONFIG,
      tiers: {
        ...DEFAULT_CONFIG.tiers,
        tiers: DEFAULT_CONFIG.tiers.tiers.map((t) => (t.id === 'yellow' ? { ...t, min: 15 } : t)),
      },
    };
    const applyMoved = pipeline.run({ config: moved, backtest: { ...DEFAULT_BACKTEST, overrides: 'apply' }, asOf });
    expect(applyMoved.portfolio.tierCounts.find((t) => t.tierId === 'red')!.count).toBeGreaterThanOrEqual(1);
  });

  it('the account list shows the tier in force, the computed tier, and who set the override and why', () => {
    const r = listAccounts(data.frame, {
      config: DEFAULT_CONFIG,
      backtest: DEFAULT_BACKTEST,
      asOf: '2025-04-30',
      sort: 'score-asc',
      tierId: 'red',
      search: 'A1',
      offset: 0,
      limit: 10,
    });
    expect(r.total).toBe(1);
    expect(r.rows[0]).toMatchObject({
      accountId: 'A1',
      tierId: 'red',
      override: { tier: 'Red', reason: 'Champion left', author: 'jo', expiresAt: '2025-06-15' },
    });
    expect(r.rows[0]!.computedTierId).not.toBe('red');
  });
});

describe('two overrides set at the same moment', () => {
  const sameDay = (order: 'as written' | 'reversed') => {
    const pair = [
      { account_id: 'A1', created_at: '2025-05-01', tier: 'Red', reason: 'Champion left', author: 'jo' },
      { account_id: 'A1', created_at: '2025-05-01', tier: 'Green', reason: 'Budget confirmed', author: 'sam' },
    ];
    return writeExports({
      accounts: accounts.slice(0, 1),
      usage_events: weeklyUsage('A1', '2025-01-01', 40, () => 5),
      churn: [],
      overrides: order === 'reversed' ? pair.reverse() : pair,
    });
  };

  it('resolve the same way whatever their order in the file', async () => {
    const picked: (string | null)[] = [];
    for (const order of ['as written', 'reversed'] as const) {
      const d = await loadWorkbenchData(sameDay(order));
      try {
        const k = d.frame.overrideIdx[rowIndex(d.frame, 'A1', '2025-05-31')]!;
        picked.push(k < 0 ? null : d.frame.meta.overrides[k]!.reason);
      } finally {
        await d.close();
      }
    }
    expect(picked[0]).not.toBeNull();
    expect(picked[1]).toBe(picked[0]);
  });
});
