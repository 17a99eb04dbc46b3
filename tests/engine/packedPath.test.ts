/**
 * The slider's packed path: which models take it, and the histograms, churned ARR and scores it hands
 * the summaries, worked by hand on seven snapshots (one censored) under weights 60 / 40.
 */
import { describe, expect, it, vi } from 'vitest';
import { ModelConfigSchema, type BacktestSettings, type ModelConfig } from '../../engine/core/api/schema.js';
import type { GroupCodes } from '../../engine/core/backtest/groups.js';
import { BINS } from '../../engine/core/backtest/histograms.js';
import { evaluatePacked, packedConfiguration } from '../../engine/core/backtest/packedPath.js';
import { resolveModel } from '../../engine/core/backtest/resolvedModel.js';
import { selectSnapshots } from '../../engine/core/backtest/selection.js';
import { packRows } from '../../engine/core/backtest/weighAndBin.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { SIGNAL_IDS } from '../../engine/core/signals/catalog.js';
import { frameOf, simpleConfig } from './frames.js';

const N = Number.NaN;
// Frame rows: category A, category B (linear 0–100, so the category score is the value), churned within
// the horizon, segment, plan, lifecycle, ARR. Row 1 is on a censored date. Score = 0.6 A + 0.4 B.
const ROWS: [number, number, boolean, number, number, number, number][] = [
  [50, 50, true, 0, 0, 0, 1000], // 50
  [10, 10, true, 1, 1, 1, 9999], // censored
  [100, 0, false, 1, 2, 1, 2000], // 60
  [0, 100, true, 1, 1, 0, N], // 40, ARR unknown
  [75.5, 75.5, false, 0, 2, 0, 500], // 75.5 → bin 75
  [99.9, 100, true, 0, 0, 1, 3000], // 99.94 → bin 99
  [20, 20, false, 1, 1, 1, 0], // 20
];

function fixture(planLabels = ['Starter', 'Pro', 'Scale'], arr = ROWS.map((r) => r[6])) {
  const frame = frameOf(
    ROWS.map((r) => ({ logins_trend: r[0], csat_last5: r[1] })),
    {
      period: Uint16Array.from(ROWS, (_, i) => (i === 1 ? 1 : 0)),
      observedDays: Float32Array.from(ROWS, (_, i) => (i === 1 ? 30 : 365)),
      daysToChurn: Float32Array.from(ROWS, (r) => (r[2] ? 30 : N)),
      arr: Float32Array.from(arr),
    },
    ['Enterprise', 'SMB'],
    ['2025-01-31', '2025-02-28'],
  );
  const groups: GroupCodes[] = [
    { dimension: 'segment', labels: ['Enterprise', 'SMB'], codes: Uint8Array.from(ROWS, (r) => r[3]) },
    { dimension: 'plan', labels: planLabels, codes: Uint8Array.from(ROWS, (r) => r[4]) },
    { dimension: 'lifecycle', labels: ['Established', 'Onboarding'], codes: Uint8Array.from(ROWS, (r) => r[5]) },
  ];
  const settings: BacktestSettings = { ...DEFAULT_BACKTEST, horizonDays: 90, windowMonths: 12 };
  const sel = selectSnapshots(frame, groups, settings);
  const cols = [Float32Array.from(ROWS, (r) => r[0]), Float32Array.from(ROWS, (r) => r[1])];
  const packed = packRows(cols, frame.arr, sel.rows);
  return { sel, groups, packed };
}

/** The non-zero cells of a per-dimension histogram as [group code, label, bin, count]. */
const cellsOf = (h: Int32Array) =>
  Array.from(h.entries())
    .filter(([, v]) => v !== 0)
    .map(([k, v]) => [Math.floor(k / (2 * BINS)), Math.floor(k / BINS) % 2, k % BINS, v]);

const EXPECTED = [
  // segment: Enterprise has rows 0 (churned, 50), 4 (stayed, 75), 5 (churned, 99); SMB rows 2, 3, 6.
  [
    [0, 0, 75, 1],
    [0, 1, 50, 1],
    [0, 1, 99, 1],
    [1, 0, 20, 1],
    [1, 0, 60, 1],
    [1, 1, 40, 1],
  ],
  // plan: Starter rows 0, 5; Pro rows 3, 6; Scale rows 2, 4.
  [
    [0, 1, 50, 1],
    [0, 1, 99, 1],
    [1, 0, 20, 1],
    [1, 1, 40, 1],
    [2, 0, 60, 1],
    [2, 0, 75, 1],
  ],
  // lifecycle: established rows 0, 3, 4; onboarding rows 2, 5, 6.
  [
    [0, 0, 75, 1],
    [0, 1, 40, 1],
    [0, 1, 50, 1],
    [1, 0, 20, 1],
    [1, 0, 60, 1],
    [1, 1, 99, 1],
  ],
];

describe('evaluatePacked', () => {
  it('counts each evaluated snapshot once per dimension, split from the joint histogram', () => {
    const { sel, groups, packed } = fixture();
    expect(sel.jointGroups).toBe(12);
    const ev = evaluatePacked(packed, [60, 40], sel, 'key', groups, () => new Float32Array(7));
    expect(ev.groupHists.map((h) => h.length)).toEqual([2 * 2 * BINS, 3 * 2 * BINS, 2 * 2 * BINS]);
    expect(ev.groupHists.map(cellsOf)).toEqual(EXPECTED);
  });

  it('counts the same with one pass per dimension when the combinations are too many for one histogram', () => {
    const plans = Array.from({ length: 1025 }, (_, i) => ['Starter', 'Pro', 'Scale'][i] ?? `P${i}`);
    const { sel, groups, packed } = fixture(plans);
    expect(sel.jointGroups).toBeNull();
    const ev = evaluatePacked(packed, [60, 40], sel, 'key', groups, () => new Float32Array(7));
    expect(ev.groupHists[1]!.length).toBe(1025 * 2 * BINS);
    expect(ev.groupHists.map(cellsOf)).toEqual(EXPECTED);
  });

  it("sums the churned snapshots' known ARR by score bin", () => {
    const { sel, groups, packed } = fixture();
    const ev = evaluatePacked(packed, [60, 40], sel, 'key', groups, () => new Float32Array(7));
    const nonZero = Array.from(ev.churnedArr.entries()).filter(([, v]) => v !== 0);
    // Rows 0 (bin 50) and 5 (bin 99); row 3 churned with an unknown ARR, the stayers' ARR is not summed.
    expect(nonZero).toEqual([
      [50, 1000],
      [99, 3000],
    ]);
    expect(ev.churnedArr.length).toBe(BINS);
    expect(ev.arrKnown).toBe(true);
    const unknown = fixture(
      undefined,
      ROWS.map(() => N),
    );
    expect(
      evaluatePacked(unknown.packed, [60, 40], unknown.sel, 'k', unknown.groups, () => new Float32Array(7)).arrKnown,
    ).toBe(false);
  });

  it('makes the scores only when asked, once, picked for the evaluated rows', () => {
    const { sel, groups, packed } = fixture();
    const all = Float32Array.from([50, 10, 60, 40, 75.5, 99.94, 20]);
    const full = vi.fn(() => all);
    const ev = evaluatePacked(packed, [60, 40], sel, 'key', groups, full);
    expect(full).not.toHaveBeenCalled();
    expect(Array.from(ev.scores())).toEqual([50, 60, 40, 75.5, Math.fround(99.94), 20]);
    expect(ev.scores()).toBe(ev.scores());
    expect(full).toHaveBeenCalledTimes(1);
  });

  it("passes the selection's rows, labels and counts through, with no configuration layer", () => {
    const { sel, groups, packed } = fixture();
    const ev = evaluatePacked(packed, [60, 40], sel, '90|12|churn', groups, () => new Float32Array(7));
    expect(ev.selectionKey).toBe('90|12|churn');
    expect(Array.from(ev.rows)).toEqual([0, 2, 3, 4, 5, 6]);
    expect(Array.from(ev.labels)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(Array.from(ev.month)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(ev.account)).toEqual([0, 2, 3, 4, 5, 6]);
    expect(Array.from(ev.rowLabel)).toEqual([1, -1, 0, 1, 0, 1, 0]);
    expect([ev.censored, ev.outsideWindow, ev.layer]).toEqual([1, 0, null]);
    expect(ev.window.periods).toEqual(['2025-01-31']);
  });
});

describe('packedConfiguration (which models the slider packs)', () => {
  /** A model of k categories, one signal each, weights summing to 100. */
  const categories = (k: number): ModelConfig['categories'] =>
    Array.from({ length: k }, (_, c) => ({
      id: `c${c}`,
      name: `C${c}`,
      weight: c === 0 ? 100 - 10 * (k - 1) : 10,
      signals: [{ signal: SIGNAL_IDS[c]!, weight: 1, normalisation: { kind: 'linear', worst: 0, best: 100 } }],
    }));
  const model = (over: Partial<ModelConfig>) =>
    resolveModel(ModelConfigSchema.parse({ ...simpleConfig(60, 40), ...over }));

  it('packs one configuration with filled categories and no override tiers', () => {
    for (const missing of ['neutral', 'penalise'] as const) {
      const m = model({ missing });
      expect(packedConfiguration(m, false)).toBe(m.configs[0]);
    }
    const seven = model({ categories: categories(7) });
    expect(packedConfiguration(seven, false)).toBe(seven.configs[0]);
  });

  it('leaves re-weighting, override tiers, more than seven categories and variants to the general path', () => {
    expect(packedConfiguration(model({ missing: 'reweight' }), false)).toBeNull();
    expect(packedConfiguration(model({}), true)).toBeNull();
    expect(packedConfiguration(model({ categories: categories(8) }), false)).toBeNull();
    const base = simpleConfig(60, 40);
    const variants = model({
      variants: [{ id: 'smb', name: 'SMB', when: { segments: ['SMB'] }, categories: base.categories }],
    });
    expect(variants.configs.length).toBe(2);
    expect(packedConfiguration(variants, false)).toBeNull();
  });
});
