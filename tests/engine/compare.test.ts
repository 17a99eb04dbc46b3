import { describe, expect, it } from 'vitest';
import { evaluateFrame } from '../../engine/core/backtest/evaluate.js';
import { compareScenarios } from '../../engine/core/compare/compareScenarios.js';
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
  const c = compareScenarios(frame, [A, B], asOf);
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
