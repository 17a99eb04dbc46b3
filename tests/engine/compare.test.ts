import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateFrame } from '../../engine/core/backtest/evaluate.js';
import { compareScenarios, snapshotGapNote } from '../../engine/core/compare/compareScenarios.js';
import { MIN_AUC_DIFFERENCE, worthActing } from '../../engine/core/compare/minDifference.js';
import { mulberry32 } from '../../engine/core/random/mulberry32.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { frameOf, simpleConfig } from './frames.js';

// 600 accounts at one month-end; churn depends on signal A, not on B.
const rand = mulberry32(11);
const n = 600;
const a = Array.from({ length: n }, () => rand() * 100);
const b = Array.from({ length: n }, () => rand() * 100);
const frame = frameOf(
  a.map((x, i) => ({ logins_trend: x, csat_last5: b[i]! })),
  {
    daysToChurn: Float32Array.from(a, (x) => (rand() < 0.5 / (1 + Math.exp((x - 30) / 8)) ? 40 : Number.NaN)),
    segment: Uint8Array.from({ length: n }, (_, i) => i % 2),
  },
);
const asOf = '2025-01-31';
const A = { name: 'Signal A', config: simpleConfig(90, 10), backtest: DEFAULT_BACKTEST };
const B = { name: 'Signal B', config: simpleConfig(10, 90), backtest: DEFAULT_BACKTEST };

describe('scenario comparison', () => {
  // Run inside the tests' hooks, not while the file is collected: mutation testing's per-test coverage sees it there.
  let c: ReturnType<typeof compareScenarios>;
  beforeAll(() => {
    c = compareScenarios(frame, [A, B], asOf);
  });
  it('reports for each scenario exactly its own backtest', () => {
    expect(c.results[0]).toEqual(evaluateFrame(frame, A.config, A.backtest, asOf));
    expect(c.results[1]).toEqual(evaluateFrame(frame, B.config, B.backtest, asOf));
  });
  it('gives differences that are the metrics subtracted, and finds the informative signal better beyond noise', () => {
    const auc = c.differences[0]!.metrics.find((m) => m.metric === 'auc')!;
    expect(auc.diff).toBeCloseTo(c.results[1]!.backtest.auc! - c.results[0]!.backtest.auc!, 12);
    expect(auc.diff!).toBeLessThan(0);
    expect(auc.significant).toBe(true);
    expect(auc.ci![1]).toBeLessThan(0);
  });
  it('finds no difference between a scenario and itself', () => {
    const same = compareScenarios(frame, [A, { ...A, name: 'Copy' }], asOf);
    for (const m of same.differences[0]!.metrics) {
      if (m.diff !== null) expect(m.diff).toBe(0);
      if (m.ci) expect(m.significant).toBe(false);
    }
    expect(same.migration.moversTotal).toBe(0);
  });
  it('has a migration matrix that sums to the accounts at the date, with the off-diagonal accounts listed', () => {
    const total = c.migration.counts.flat().reduce((x, y) => x + y, 0);
    expect(total).toBe(c.results[0]!.portfolio.accounts);
    const off = c.migration.counts.reduce((s, row, i) => s + row.reduce((t, k, j) => t + (i === j ? 0 : k), 0), 0);
    expect(c.migration.moversTotal).toBe(off);
    expect(c.migration.movers.every((m) => m.from !== m.to && (m.driver === 'A' || m.driver === 'B'))).toBe(true);
    // Row sums are scenario A's tier counts, column sums scenario B's.
    expect(c.migration.counts.map((r) => r.reduce((x, y) => x + y, 0))).toEqual(
      c.results[0]!.portfolio.tierCounts.map((t) => t.count),
    );
    expect(c.migration.toTiers.map((_, j) => c.migration.counts.reduce((s, r) => s + r[j]!, 0))).toEqual(
      c.results[1]!.portfolio.tierCounts.map((t) => t.count),
    );
  });
  it("judges every scenario on the baseline's snapshots and outcome, and says so", () => {
    const other = compareScenarios(frame, [A, { ...B, backtest: { ...DEFAULT_BACKTEST, horizonDays: 30 } }], asOf);
    expect(other.results[1]!.backtest.horizonDays).toBe(90);
    expect(other.note).toContain('horizonDays taken from Signal A');
  });
});

describe('differences worth acting on', () => {
  it('never calls an AUC difference below MIN_AUC_DIFFERENCE a gain, however narrow its interval', () => {
    expect(MIN_AUC_DIFFERENCE).toBe(0.005);
    // The case from issue 17: +0.0008 AUC, interval clear of zero.
    expect(worthActing('auc', 0.0008, [0.0002, 0.0014])).toBe(false);
    expect(worthActing('auc', 0.0049, [0.001, 0.009])).toBe(false);
    expect(worthActing('auc', 0.005, [0.001, 0.009])).toBe(true);
    // Large but within noise is not a gain either; a large loss beyond noise is worth acting on.
    expect(worthActing('auc', 0.02, [-0.001, 0.04])).toBe(false);
    expect(worthActing('auc', -0.02, [-0.04, -0.001])).toBe(true);
    expect(worthActing('recall', 0.009, [0.002, 0.016])).toBe(false);
    expect(worthActing('baseRate', 0.05, [0.01, 0.09])).toBeNull();
    expect(worthActing('auc', 0.02, null)).toBeNull();
  });
  it('carries the minimum and the judgement on every difference', () => {
    const c = compareScenarios(frame, [A, B], asOf);
    const auc = c.differences[0]!.metrics.find((m) => m.metric === 'auc')!;
    expect(auc.minDifference).toBe(MIN_AUC_DIFFERENCE);
    expect(auc.worthActing).toBe(true); // signal B is far worse: a loss beyond noise and the minimum
    for (const m of c.differences[0]!.metrics) {
      if (m.diff !== null) expect(m.ci, m.metric).not.toBeNull();
    }
  });
});

describe('scenarios that score different snapshots', () => {
  // Every 20th stayer has neither signal: re-weighting cannot score it, filling with neutral gives it 50 (Yellow,
  // not flagged). The churners and the flagged are the same accounts with the same scores in both scenarios.
  const blank = (i: number) => i % 20 === 7 && Number.isNaN(frame.daysToChurn[i]!);
  const blanks = a.filter((_, i) => blank(i)).length;
  const sparse = frameOf(
    a.map((x, i) => (blank(i) ? {} : { logins_trend: x, csat_last5: b[i]! })),
    { daysToChurn: frame.daysToChurn, segment: frame.segment },
  );
  const filled = { name: 'Neutral fill', config: simpleConfig(90, 10), backtest: DEFAULT_BACKTEST };
  const reweighted = {
    name: 'Re-weighted',
    config: simpleConfig(90, 10, undefined, 'reweight'),
    backtest: DEFAULT_BACKTEST,
  };
  const c = compareScenarios(sparse, [filled, reweighted], asOf);
  it('says how many fewer snapshots the scenario scores, and how many accounts are paired', () => {
    expect(blanks).toBeGreaterThan(20);
    expect(c.snapshots).toEqual([{ scenario: 'Re-weighted', evaluated: n - blanks, baseline: n, accounts: n }]);
    const pct = ((100 * blanks) / n).toFixed(1);
    expect(c.note).toContain(`Re-weighted scores ${blanks} fewer snapshots than Neutral fill (${pct} %)`);
    expect(snapshotGapNote('B', 'A', 1204, 38839)).toContain('B scores 1,204 fewer snapshots than A (3.1 %)');
  });
  it('weighs each account the same in both: recall and precision, unchanged per account, differ by exactly 0 in every resample', () => {
    // Numbered by first appearance (or over each scenario's own accounts), the 570 and the 600 accounts would get
    // unrelated draws and these intervals would be as wide as two independent bootstraps.
    for (const metric of ['recall', 'precision'] as const) {
      const d = c.differences[0]!.metrics.find((m) => m.metric === metric)!;
      expect(d.diff, metric).toBe(0);
      expect(d.ci, metric).toEqual([0, 0]);
      expect(d.significant, metric).toBe(false);
    }
  });
});
