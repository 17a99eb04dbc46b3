import { describe, expect, it } from 'vitest';
import { evaluateFrame } from '../../engine/core/backtest/evaluate.js';
import { classificationMetrics, confusionOf } from '../../engine/core/backtest/metrics.js';
import { DEFAULT_BACKTEST, FOUR_TIER, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { verdictOf } from '../../engine/core/verdict/verdict.js';
import { frameOf, simpleConfig } from './frames.js';

describe('classification metrics', () => {
  it('match a hand-built confusion matrix', () => {
    const predicted = [1, 1, 1, 0, 0, 0, 0, 1, 0, 0];
    const actual = /**/ [1, 0, 1, 1, 0, 0, 0, 0, 0, 0];
    const c = confusionOf(predicted, actual);
    expect(c).toEqual({ tp: 2, fp: 2, fn: 1, tn: 5 });
    const m = classificationMetrics(c);
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBe(2 / 3);
    expect(m.f1).toBeCloseTo(4 / 7, 15);
    expect(m.baseRate).toBe(0.3);
  });
  it('give lift as the churn rate of the flagged set over the base rate, not over the share flagged', () => {
    // 10 accounts, 3 churn (base rate 0.3); 4 flagged (share 0.4), 2 of them churn (precision 0.5).
    // Lift = 0.5 / 0.3 = 5/3; dividing by the share flagged would give 0.5 / 0.4 = 1.25.
    expect(classificationMetrics({ tp: 2, fp: 2, fn: 1, tn: 5 }).lift).toBeCloseTo(5 / 3, 12);
    // Flagging everyone is no better than chance: lift 1, whatever the base rate.
    expect(classificationMetrics({ tp: 3, fp: 17, fn: 0, tn: 0 }).lift).toBeCloseTo(1, 12);
    // No one flagged or no churner: lift is undefined.
    expect(classificationMetrics({ tp: 0, fp: 0, fn: 3, tn: 7 }).lift).toBeNull();
    expect(classificationMetrics({ tp: 0, fp: 2, fn: 0, tn: 8 }).lift).toBeNull();
  });
  it('report undefined metrics as null, not 0', () => {
    const noPredictions = classificationMetrics({ tp: 0, fp: 0, fn: 3, tn: 7 });
    expect(noPredictions.precision).toBeNull();
    expect(noPredictions.recall).toBe(0);
    const noChurners = classificationMetrics({ tp: 0, fp: 2, fn: 0, tn: 8 });
    expect(noChurners.recall).toBeNull();
    expect(noChurners.f1).toBe(0);
    expect(classificationMetrics({ tp: 0, fp: 0, fn: 0, tn: 0 }).baseRate).toBeNull();
  });
});

describe('tier order', () => {
  it('is judged once, by the verdict: a reversed order raises no backtest warning of its own', () => {
    // Green accounts churn, Red accounts stay: the order is upside down.
    const frame = frameOf(
      [90, 85, 80, 75, 20, 15, 10, 5].map((v) => ({ logins_trend: v })),
      { daysToChurn: Float32Array.from([30, 40, 50, NaN, NaN, NaN, NaN, 60]) },
    );
    const r = evaluateFrame(frame, simpleConfig(100, 0), DEFAULT_BACKTEST, '2025-01-31');
    expect(r.backtest.tiers.map((t) => t.churnRate)).toEqual([0.75, null, 0.25]);
    expect(r.backtest.warnings.map((w) => w.kind)).toEqual(['small-sample']);
    const trend = verdictOf({ result: r, config: simpleConfig(100, 0), backtest: DEFAULT_BACKTEST }).findings.filter(
      (f) => f.id === 'tier-trend',
    );
    expect(trend.map((f) => f.severity)).toEqual(['serious']);
    expect(trend[0]!.sentence).toContain('does not clearly rise from Green to Red');
  });
});

describe('backtest of the at-risk tiers', () => {
  // Scores (weight 100 on logins_trend): 90, 75, 65, 50, 35, 20, 10, 45; churn within 90 days marked.
  const scores = [90, 75, 65, 50, 35, 20, 10, 45];
  const churnDays = [Number.NaN, 200, 30, Number.NaN, 60, Number.NaN, 10, 91];
  // The last snapshot is a month later, with only 80 of its 90 days observed.
  const frame = frameOf(
    scores.map((s) => ({ logins_trend: s })),
    {
      daysToChurn: Float32Array.from(churnDays),
      observedDays: Float32Array.from([365, 365, 365, 365, 365, 365, 365, 80]),
      segment: Uint8Array.from([0, 0, 0, 1, 1, 1, 1, 1]),
      period: Uint16Array.from([0, 0, 0, 0, 0, 0, 0, 1]),
    },
    ['Enterprise', 'SMB'],
    ['2025-01-31', '2025-02-28'],
  );
  const cfg = simpleConfig(100, 0);

  it('counts tiers and churn per tier by hand', () => {
    const r = evaluateFrame(frame, cfg, { ...DEFAULT_BACKTEST, atRiskTiers: ['red'] }, '2025-01-31');
    expect(r.backtest.censored).toBe(1);
    expect(r.backtest.evaluated).toBe(7);
    expect(r.portfolio.tierCounts).toEqual([
      { tierId: 'green', count: 2 },
      { tierId: 'yellow', count: 2 },
      { tierId: 'red', count: 3 },
    ]);
    expect(r.backtest.tiers.map((t) => [t.count, t.churned])).toEqual([
      [2, 0],
      [2, 1],
      [3, 2],
    ]);
    expect(r.backtest.overall.confusion).toEqual({ tp: 2, fp: 1, fn: 1, tn: 3 });
  });

  it('widen the at-risk set to Red + Yellow', () => {
    const r = evaluateFrame(frame, cfg, { ...DEFAULT_BACKTEST, atRiskTiers: ['red', 'yellow'] }, '2025-01-31');
    expect(r.backtest.overall.confusion).toEqual({ tp: 3, fp: 2, fn: 0, tn: 2 });
    // 3 of the 5 flagged churn (0.6) against 3 of all 7 (3/7): lift 1.4 (0.6 over the 5/7 flagged would be 0.84).
    expect(r.backtest.overall.lift).toBeCloseTo(1.4, 12);
  });

  it('split the same counts by segment, including an empty one', () => {
    const r = evaluateFrame(
      { ...frame, meta: { ...frame.meta, segments: ['Enterprise', 'SMB', 'Mid-Market'] } },
      cfg,
      { ...DEFAULT_BACKTEST, atRiskTiers: ['red'] },
      '2025-01-31',
    );
    const [ent, smb, mid] = r.backtest.breakdowns.find((b) => b.dimension === 'segment')!.groups;
    expect(ent!.metrics.confusion).toEqual({ tp: 0, fp: 0, fn: 1, tn: 2 });
    expect(ent!.metrics.precision).toBeNull();
    expect(smb!.metrics.confusion).toEqual({ tp: 2, fp: 1, fn: 0, tn: 1 });
    expect(mid!.metrics.n).toBe(0);
    expect(mid!.metrics.recall).toBeNull();
  });

  it('move counts between tiers as a cut point moves', () => {
    const tiers = {
      ...TRAFFIC_LIGHT,
      tiers: TRAFFIC_LIGHT.tiers.map((t) => (t.id === 'yellow' ? { ...t, min: 50 } : t)),
    };
    const r = evaluateFrame(
      frame,
      simpleConfig(100, 0, tiers),
      { ...DEFAULT_BACKTEST, atRiskTiers: ['red'] },
      '2025-01-31',
    );
    expect(r.portfolio.tierCounts.map((t) => t.count)).toEqual([2, 2, 3]);
  });

  it('work with the four-tier preset', () => {
    const r = evaluateFrame(
      frame,
      simpleConfig(100, 0, FOUR_TIER),
      { ...DEFAULT_BACKTEST, atRiskTiers: ['critical'] },
      '2025-01-31',
    );
    expect(r.portfolio.tierCounts.map((t) => t.count)).toEqual([1, 2, 1, 3]);
    expect(r.portfolio.histogram[90]).toBe(1);
    expect(r.portfolio.histogram.reduce((a, b) => a + b, 0)).toBe(7);
  });
});
