/**
 * The verdict's account-level evidence computed straight from a hand-made
 * evaluated set: two configurations with their own cut points, an unscored
 * snapshot, an account with two churned snapshots, churn 59, 60, 90 and 91
 * days ahead (the lead-time window is 60–90 days, both ends in), and category
 * columns with gaps. Every figure below is counted by hand from the table.
 */
import { describe, expect, it } from 'vitest';
import { ModelConfigSchema, type BacktestSettings, type ModelConfig } from '../../engine/core/api/schema.js';
import { backtestEvidence } from '../../engine/core/backtest/evidence.js';
import { resolveModel } from '../../engine/core/backtest/resolvedModel.js';
import type { Evaluated } from '../../engine/core/backtest/stages.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { frameOf, simpleConfig } from './frames.js';

const N = Number.NaN;
// Configuration 0 is the SMB variant, cut points 80 / 50 (Green / Yellow / Red); configuration 1 the default,
// 70 / 40. Red is at risk. Frame row 6 is not evaluated.
//   j  row acct conf score churned days-to-churn  tier (under its configuration)
//   0   0   0    1    75     no       —            Green
//   1   1   1    1    65     yes      60           Yellow   lead time, below Green
//   2   2   1    1    30     yes      30           Red      flagged
//   3   3   2    0    75     yes      90           Yellow   lead time, below Green (Green under the default's cuts)
//   4   4   3    0    45     yes      91           Red      flagged (Yellow under the default's cuts)
//   5   5   4    1    —      yes      70           unscored: counted nowhere but in the category coverage
//   6   7   5    1    85     yes      75           Green    lead time, in Green
//   7   8   6    1    20     yes      59           Red      flagged
const rows = Uint32Array.of(0, 1, 2, 3, 4, 5, 7, 8);
const account = Int32Array.of(0, 1, 1, 2, 3, 4, 5, 6);
const layer = Uint8Array.of(1, 1, 1, 0, 0, 1, 1, 1);
const scores = Float32Array.of(75, 65, 30, 75, 45, N, 85, 20);
const labels = Uint8Array.of(0, 1, 1, 1, 1, 1, 1, 1);
const daysToChurn = Float32Array.of(N, 60, 30, 90, 91, 70, 75, 75, 59);
// Missed renewals: only frame row 7 (account 5, Green) lapses, 80 days ahead; row 6 (not evaluated) 65.
const daysToLapse = Float32Array.of(N, N, N, N, N, N, 65, 80, N);
const frame = frameOf(
  Array.from({ length: 9 }, () => ({})),
  { account: Int32Array.of(0, 1, 1, 2, 3, 4, 7, 5, 6), daysToChurn, daysToLapse },
);

const base = simpleConfig(50, 50);
const config: ModelConfig = ModelConfigSchema.parse({
  ...base,
  variants: [{ id: 'smb', name: 'SMB', when: { segments: ['SMB'] }, categories: base.categories, cuts: [80, 50, 0] }],
});

// Category scores over the whole frame, per configuration: [category a, category b].
const categoryColumns: Float32Array[][] = [
  [Float32Array.of(N, N, N, 20, 60, N, N, N, N), Float32Array.of(N, N, N, N, 70, N, N, N, N)],
  [Float32Array.of(10, N, 40, N, N, 5, 99, 90, 40), new Float32Array(9).fill(N)],
];

function evaluated(withLayer = true): Evaluated {
  return {
    selectionKey: 'hand-made',
    window: { inWindow: Uint8Array.of(1), observed: Uint8Array.of(1), periods: ['2025-01-31'] },
    rows,
    scores: () => scores,
    labels,
    month: new Uint16Array(rows.length),
    account,
    rowLabel: Int8Array.from(labels),
    censored: 0,
    outsideWindow: 0,
    layer: withLayer ? layer : null,
    groupHists: [],
    churnedArr: new Float64Array(0),
    arrKnown: false,
  };
}

const evidence = (settings: BacktestSettings = DEFAULT_BACKTEST) =>
  backtestEvidence({
    frame,
    model: resolveModel(config),
    settings,
    evaluated: evaluated(),
    categoryScores: (k) => categoryColumns[k]!,
  });

describe('account-level evidence, counted by hand', () => {
  it('distinct scored accounts and churners; the unscored snapshot’s account is not among them', () => {
    const e = evidence();
    expect(e.accounts).toBe(6); // accounts 0, 1, 2, 3, 5, 6
    expect(e.churnedAccounts).toBe(5); // account 1 once, though two of its snapshots churned
  });

  it('accounts and churners per tier, each snapshot in the tier of its own configuration’s cut points', () => {
    expect(evidence().tiers).toEqual([
      { tierId: 'green', accounts: 2, churnedAccounts: 1 }, // 0 and 5; 5 churned
      { tierId: 'yellow', accounts: 2, churnedAccounts: 2 }, // 1 and 2 (2 at 75 under the SMB cuts)
      { tierId: 'red', accounts: 3, churnedAccounts: 3 }, // 1, 3 (45 under the SMB cuts) and 6
    ]);
  });

  it('churners flagged: those with a snapshot in an at-risk tier of its own configuration', () => {
    expect(evidence().churnersFlagged).toBe(3); // 1, 3 and 6
    // With Yellow at risk too, account 2 (Yellow only under the SMB cuts) is flagged as well.
    expect(evidence({ ...DEFAULT_BACKTEST, atRiskTiers: ['yellow', 'red'] }).churnersFlagged).toBe(4);
  });

  it('lead time: churners seen 60 to 90 days ahead, both ends in, and those of them below the top tier', () => {
    // 60 (account 1, Yellow), 90 (account 2, Yellow), 75 (account 5, Green); not 59, 91 or the unscored 70.
    expect(evidence().leadTime).toEqual({ fromDays: 60, toDays: 90, churners: 3, belowTopTier: 2 });
  });

  it('with missed renewals, the lead time reads the days to the lapse', () => {
    expect(evidence({ ...DEFAULT_BACKTEST, outcome: 'renewal' }).leadTime).toEqual({
      fromDays: 60,
      toDays: 90,
      churners: 1, // account 5, 80 days ahead, in Green
      belowTopTier: 0,
    });
  });

  it('the tier trend on the scored snapshots, each account’s counted together (tests/reference/trend_reference.py)', () => {
    // Input to the reference: group [0,1,2,1,2,-1,0,2], event [0,1,1,1,1,1,1,1], cluster [0,1,1,2,3,4,5,6].
    const t = evidence().tierTrend!;
    expect([t.accounts, t.snapshots]).toEqual([6, 7]);
    expect(t.snapshotZ).toBeCloseTo(1.4819171472698973, 9);
    expect(t.designEffect).toBeCloseTo(1.0235904531304048, 9);
    expect(t.z).toBeCloseTo(1.4647409047973934, 9);
    expect(t.pValue).toBeCloseTo(0.07149581014729901, 7); // the normal tail is approximated to about 1e-9
  });

  it('no trend to test when every scored snapshot churned', () => {
    const e = backtestEvidence({
      frame,
      model: resolveModel(config),
      settings: DEFAULT_BACKTEST,
      evaluated: { ...evaluated(), labels: new Uint8Array(rows.length).fill(1) },
      categoryScores: (k) => categoryColumns[k]!,
    });
    expect(e.tierTrend).toBeNull();
  });

  it('each configuration’s categories over the snapshots it scored: with data, lowest and highest', () => {
    expect(evidence().categories).toEqual([
      {
        configurationId: 'smb',
        configurationName: 'SMB',
        categoryId: 'a',
        name: 'A',
        weight: 50,
        snapshots: 2,
        withData: 2,
        min: 20,
        max: 60,
      },
      {
        configurationId: 'smb',
        configurationName: 'SMB',
        categoryId: 'b',
        name: 'B',
        weight: 50,
        snapshots: 2,
        withData: 1,
        min: 70,
        max: 70,
      },
      // Frame row 6 (99) is not evaluated; the unscored snapshot (5) still counts here: it has category data.
      {
        configurationId: 'default',
        configurationName: 'Default',
        categoryId: 'a',
        name: 'A',
        weight: 50,
        snapshots: 6,
        withData: 5,
        min: 5,
        max: 90,
      },
      {
        configurationId: 'default',
        configurationName: 'Default',
        categoryId: 'b',
        name: 'B',
        weight: 50,
        snapshots: 6,
        withData: 0,
        min: null,
        max: null,
      },
    ]);
  });

  it('without configurations (no layer), every snapshot is the default’s', () => {
    const e = backtestEvidence({
      frame,
      model: resolveModel(base),
      settings: DEFAULT_BACKTEST,
      evaluated: evaluated(false),
      categoryScores: () => categoryColumns[1]!,
    });
    expect(e.categories.map((c) => [c.categoryId, c.snapshots, c.withData, c.min, c.max])).toEqual([
      ['a', 8, 5, 5, 90],
      ['b', 8, 0, null, null],
    ]);
    // Under the default's cuts 75 is Green and 45 Yellow: account 3 is no longer flagged, account 2 not below Green.
    expect(e.churnersFlagged).toBe(2);
    expect(e.leadTime.belowTopTier).toBe(1);
  });
});
