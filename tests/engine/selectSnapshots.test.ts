/**
 * The snapshots a backtest judges, with their labels and the cells the slider path counts, on a
 * seven-row frame worked by hand: censored and out-of-window rows are counted, never labelled.
 */
import { describe, expect, it } from 'vitest';
import type { BacktestSettings } from '../../engine/core/api/schema.js';
import type { GroupCodes } from '../../engine/core/backtest/groups.js';
import { groupSizes, selectionKey, selectSnapshots } from '../../engine/core/backtest/selection.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { frameOf } from './frames.js';

const NaN32 = Number.NaN;

/**
 * Three month-ends. 31 March has only 50 days observed (censored at a 90-day horizon); with a one-month
 * window, 31 January is outside it. Rows: 0 Jan a0; 1–3 and 6 Feb a0, a1, a2, a3; 4–5 Mar a0, a1.
 */
function sevenRows() {
  return frameOf(
    Array.from({ length: 7 }, () => ({})),
    {
      period: Uint16Array.from([0, 1, 1, 1, 2, 2, 1]),
      account: Int32Array.from([0, 0, 1, 2, 0, 1, 3]),
      // Row 1 churns on the horizon (90 days: churned), row 3 a day after it (stayed), row 6 within it;
      // row 5 churns within the horizon but on a censored date.
      daysToChurn: Float32Array.from([NaN32, 90, NaN32, 91, NaN32, 10, 30]),
      // Row 2 missed a renewal 60 days on, row 3 one 91 days on.
      daysToLapse: Float32Array.from([NaN32, NaN32, 60, 91, NaN32, NaN32, NaN32]),
      observedDays: Float32Array.from([400, 400, 400, 400, 50, 50, 100]),
    },
    ['Enterprise', 'SMB'],
    ['2025-01-31', '2025-02-28', '2025-03-31'],
  );
}

const settings = (over: Partial<BacktestSettings> = {}): BacktestSettings => ({
  ...DEFAULT_BACKTEST,
  horizonDays: 90,
  windowMonths: 1,
  ...over,
});

const dims = (
  seg: number[],
  plan: number[],
  planLabels = ['Starter', 'Pro', 'Scale'],
  regionLabels: string[] = [],
): GroupCodes[] => [
  { dimension: 'segment', labels: ['Enterprise', 'SMB'], codes: Uint8Array.from(seg) },
  { dimension: 'plan', labels: planLabels, codes: Uint8Array.from(plan) },
  { dimension: 'region', labels: regionLabels, codes: new Uint8Array(seg.length) },
];

describe('selectSnapshots', () => {
  it('selects the observed in-window rows, labels them by churn within the horizon and counts the rest', () => {
    const f = sevenRows();
    const s = selectSnapshots(f, dims([0, 1, 0, 1, 0, 1, 0], [0, 2, 1, 0, 0, 0, 2]), settings());
    expect(Array.from(s.rows)).toEqual([1, 2, 3, 6]);
    expect(Array.from(s.labels)).toEqual([1, 0, 0, 1]);
    expect(Array.from(s.period)).toEqual([1, 1, 1, 1]);
    expect(Array.from(s.account)).toEqual([0, 1, 2, 3]);
    expect(Array.from(s.rowLabel)).toEqual([-1, 1, 0, 0, -1, -1, 1]);
    expect(Array.from(s.churned)).toEqual([0, 3]);
    expect([s.censored, s.outsideWindow]).toEqual([2, 1]);
    // read = judged + censored + outside the window
    expect(s.rows.length + s.censored + s.outsideWindow).toBe(f.n);
    expect(s.window.periods).toEqual(['2025-02-28']);
  });

  it('copies each selected row’s group code per dimension', () => {
    const s = selectSnapshots(sevenRows(), dims([0, 1, 0, 1, 0, 1, 0], [0, 2, 1, 0, 0, 0, 2]), settings());
    expect(s.groupCodes.map((c) => Array.from(c))).toEqual([
      [1, 0, 1, 0],
      [2, 1, 0, 2],
      [0, 0, 0, 0],
    ]);
  });

  it('numbers the joint cell (segment, plan, region) in mixed radix, times two plus the label', () => {
    // Radices 2, 3 and 1 (no region labels still counts as one): q = segment · 3 + plan.
    // Row 1: (1, 2) → q 5, churned → 11; row 2: (0, 1) → 1 → 2; row 3: (1, 0) → 3 → 6; row 6: (0, 2) → 2, churned → 5.
    const s = selectSnapshots(sevenRows(), dims([0, 1, 0, 1, 0, 1, 0], [0, 2, 1, 0, 0, 0, 2]), settings());
    expect(s.jointGroups).toBe(6);
    expect(s.cells.map((c) => Array.from(c))).toEqual([[11, 2, 6, 5]]);
  });

  it('counts one histogram per dimension above 2,048 combinations, and a joint one at 2,048', () => {
    const labels = (n: number) => Array.from({ length: n }, (_, i) => `P${i}`);
    const seg = [0, 1, 0, 1, 0, 1, 0],
      plan = [0, 2, 1, 0, 0, 0, 2];
    // 2 × 1025 × 1 = 2,050 combinations.
    const split = selectSnapshots(sevenRows(), dims(seg, plan, labels(1025)), settings());
    expect(split.jointGroups).toBeNull();
    expect(split.cells.map((c) => Array.from(c))).toEqual([
      [1 * 2 + 1, 0 * 2 + 0, 1 * 2 + 0, 0 * 2 + 1],
      [2 * 2 + 1, 1 * 2 + 0, 0 * 2 + 0, 2 * 2 + 1],
      [1, 0, 0, 1],
    ]);
    // 2 × 1024 × 1 = 2,048: still joint, q = segment · 1024 + plan.
    const joint = selectSnapshots(sevenRows(), dims(seg, plan, labels(1024)), settings());
    expect(joint.jointGroups).toBe(2048);
    expect(joint.cells.map((c) => Array.from(c))).toEqual([
      [(1 * 1024 + 2) * 2 + 1, (0 * 1024 + 1) * 2, (1 * 1024 + 0) * 2, (0 * 1024 + 2) * 2 + 1],
    ]);
  });

  it('labels by missed renewals when the outcome is the renewal', () => {
    const s = selectSnapshots(sevenRows(), [], settings({ outcome: 'renewal' }));
    expect(Array.from(s.rows)).toEqual([1, 2, 3, 6]);
    expect(Array.from(s.labels)).toEqual([0, 1, 0, 0]);
    expect(Array.from(s.churned)).toEqual([1]);
    expect(s.groupCodes).toEqual([]);
    // No dimension: one joint cell per label.
    expect(s.jointGroups).toBe(1);
    expect(s.cells.map((c) => Array.from(c))).toEqual([[0, 1, 0, 0]]);
  });

  it('selects nothing, and labels nothing, when no date is observed', () => {
    const s = selectSnapshots(sevenRows(), [], settings({ horizonDays: 401 }));
    expect([s.rows.length, s.churned.length, s.censored, s.outsideWindow]).toEqual([0, 0, 7, 0]);
    expect(Array.from(s.rowLabel)).toEqual([-1, -1, -1, -1, -1, -1, -1]);
  });

  it('widens with the window: two months take in 31 January', () => {
    const s = selectSnapshots(sevenRows(), [], settings({ windowMonths: 2 }));
    expect(Array.from(s.rows)).toEqual([0, 1, 2, 3, 6]);
    expect(Array.from(s.labels)).toEqual([0, 1, 0, 0, 1]);
    expect(Array.from(s.churned)).toEqual([1, 4]);
    expect([s.censored, s.outsideWindow]).toEqual([2, 0]);
  });
});

describe('selection helpers', () => {
  it('key the selection by horizon, window and outcome only', () => {
    expect(selectionKey(settings())).toBe('90|1|churn');
    expect(selectionKey(settings({ outcome: 'renewal', horizonDays: 180, windowMonths: 9 }))).toBe('180|9|renewal');
    expect(selectionKey(settings({ capacityK: 5, atRiskTiers: ['yellow'] }))).toBe('90|1|churn');
  });
  it('give each dimension a radix of at least one', () => {
    expect(groupSizes(dims([], [], ['Starter'], ['NA', 'EU']))).toEqual([2, 1, 2]);
    expect(groupSizes(dims([], [], []))).toEqual([2, 1, 1]);
  });
});
