/**
 * What the backtest reports, worked by hand on eleven snapshots: seven judged on 31 January, four on
 * 28 February (censored, and the as-of date of the portfolio). The score is category A's value alone
 * (weights 100 / 0); Red is at risk. Per tier, group and configuration: counts, churners, the confusion
 * matrix; the churned ARR caught; the portfolio's tiers, histogram and mean score.
 */
import { describe, expect, it } from 'vitest';
import {
  ModelConfigSchema,
  type BacktestSettings,
  type Confusion,
  type TierStat,
} from '../../engine/core/api/schema.js';
import { evaluateFrame } from '../../engine/core/backtest/evaluate.js';
import { suggestCuts } from '../../engine/core/backtest/cutSuggestions.js';
import { BINS } from '../../engine/core/backtest/histograms.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { frameOf, simpleConfig } from './frames.js';

const N = Number.NaN;
// [score, churned within 90 days, segment (0 Enterprise, 1 SMB), ARR]; rows 7–10 are the February snapshots.
const ROWS: [number, boolean, number, number][] = [
  [90, false, 0, 100], // Green
  [70, true, 0, 200], // Green: on the cut point, the upper tier
  [69.5, false, 1, 300], // Yellow
  [40, true, 1, 400], // Yellow
  [39.9, true, 1, 500], // Red
  [10, false, 0, N], // Red, ARR unknown
  [0, true, 0, 700], // Red
  [85, false, 0, 100],
  [50, false, 1, 100],
  [20, false, 1, 100],
  [100, false, 0, 100],
];

function frame() {
  return frameOf(
    ROWS.map((r) => ({ logins_trend: r[0] })),
    {
      account: Int32Array.from(ROWS, (_, i) => (i < 7 ? i : [0, 2, 4, 6][i - 7]!)),
      period: Uint16Array.from(ROWS, (_, i) => (i < 7 ? 0 : 1)),
      observedDays: Float32Array.from(ROWS, (_, i) => (i < 7 ? 365 : 30)),
      daysToChurn: Float32Array.from(ROWS, (r) => (r[1] ? 30 : N)),
      segment: Uint8Array.from(ROWS, (r) => r[2]),
      arr: Float32Array.from(ROWS, (r) => r[3]),
    },
    ['Enterprise', 'SMB'],
    ['2025-01-31', '2025-02-28'],
  );
}

const settings: BacktestSettings = { ...DEFAULT_BACKTEST, minChurners: 2 };
const tiers = (g: [number, number], y: [number, number], r: [number, number]): TierStat[] =>
  (
    [
      ['green', g],
      ['yellow', y],
      ['red', r],
    ] as const
  ).map(([tierId, [count, churned]]) => ({ tierId, count, churned, churnRate: count ? churned / count : null }));
const confusion = (tp: number, fp: number, fn: number, tn: number): Confusion => ({ tp, fp, fn, tn });

describe('backtest summary, one configuration', () => {
  it('counts the judged snapshots, the censored ones and the date judged', () => {
    const b = evaluateFrame(frame(), simpleConfig(100, 0), settings, '2025-02-28').backtest;
    expect([b.evaluated, b.censored, b.outsideWindow]).toEqual([7, 4, 0]);
    expect(b.periods).toEqual(['2025-01-31']);
    expect([b.horizonDays, b.cadence, b.outcome]).toEqual([90, 'monthly', 'churn']);
  });

  it('counts each tier and its churners, and the confusion matrix of Red against churn', () => {
    const b = evaluateFrame(frame(), simpleConfig(100, 0), settings, '2025-02-28').backtest;
    expect(b.tiers).toEqual(tiers([2, 1], [2, 1], [3, 2]));
    // Red caught rows 4 and 6, wrongly flagged 5, missed 1 and 3.
    expect(b.overall.confusion).toEqual(confusion(2, 1, 2, 2));
    expect([b.overall.n, b.overall.positives, b.overall.precision, b.overall.recall]).toEqual([7, 4, 2 / 3, 1 / 2]);
  });

  it('breaks the same figures down per segment, plan, region and lifecycle', () => {
    const b = evaluateFrame(frame(), simpleConfig(100, 0), settings, '2025-02-28').backtest;
    const byDim = Object.fromEntries(b.breakdowns.map((d) => [d.dimension, d.groups]));
    expect(b.breakdowns.map((d) => d.dimension)).toEqual(['segment', 'plan', 'region', 'lifecycle']);
    expect(byDim.segment!.map((g) => [g.group, g.tiers, g.metrics.confusion, g.tooFewToJudge])).toEqual([
      ['Enterprise', tiers([2, 1], [0, 0], [2, 1]), confusion(1, 1, 1, 1), false],
      ['SMB', tiers([0, 0], [2, 1], [1, 1]), confusion(1, 0, 1, 1), false],
    ]);
    expect(byDim.plan!.map((g) => [g.group, g.metrics.confusion])).toEqual([['Starter', confusion(2, 1, 2, 2)]]);
    expect(byDim.region!.map((g) => [g.group, g.metrics.confusion])).toEqual([['NA', confusion(2, 1, 2, 2)]]);
    // No account is onboarding: that group is empty, its churn rates undefined, too few to judge.
    expect(byDim.lifecycle!.map((g) => [g.group, g.tiers, g.metrics.confusion, g.tooFewToJudge])).toEqual([
      ['Established', tiers([2, 1], [2, 1], [3, 2]), confusion(2, 1, 2, 2), false],
      ['Onboarding', tiers([0, 0], [0, 0], [0, 0]), confusion(0, 0, 0, 0), true],
    ]);
    // Two churners per segment: judged at a minimum of 2, not at 3.
    const strict = evaluateFrame(frame(), simpleConfig(100, 0), { ...settings, minChurners: 3 }, '2025-02-28');
    expect(strict.backtest.breakdowns[0]!.groups.map((g) => g.tooFewToJudge)).toEqual([true, true]);
  });

  it('reports the churned ARR Red caught, leaving the unknown ARR out', () => {
    // Churned ARR 200 + 400 + 500 + 700; Red caught 500 + 700.
    const b = evaluateFrame(frame(), simpleConfig(100, 0), settings, '2025-02-28').backtest;
    expect(b.arrCaptured).toBeCloseTo(1200 / 1800, 12);
    const f = frame();
    f.arr.fill(N);
    expect(evaluateFrame(f, simpleConfig(100, 0), settings, '2025-02-28').backtest.arrCaptured).toBeNull();
    // Known but zero for every churner: nothing to share out.
    const z = frame();
    z.arr.set([100, 0, 300, 0, 0, N, 0]);
    expect(evaluateFrame(z, simpleConfig(100, 0), settings, '2025-02-28').backtest.arrCaptured).toBeNull();
  });

  it('describes the portfolio at the as-of date: tiers, histogram, mean score', () => {
    const p = evaluateFrame(frame(), simpleConfig(100, 0), settings, '2025-02-28').portfolio;
    expect(p.asOf).toBe('2025-02-28');
    expect(p.accounts).toBe(4);
    expect(p.tierCounts).toEqual([
      { tierId: 'green', count: 2 },
      { tierId: 'yellow', count: 1 },
      { tierId: 'red', count: 1 },
    ]);
    const histogram = new Array<number>(BINS).fill(0);
    for (const b of [85, 50, 20, 100]) histogram[b] = 1;
    expect(p.histogram).toEqual(histogram);
    expect(p.meanScore).toBe((85 + 50 + 20 + 100) / 4);
    expect(p.overrides).toEqual({ active: 0, rate: 0 });
    // The judged date's own portfolio.
    const jan = evaluateFrame(frame(), simpleConfig(100, 0), settings, '2025-01-31').portfolio;
    expect([jan.accounts, jan.tierCounts.map((t) => t.count)]).toEqual([7, [2, 2, 3]]);
    expect(jan.meanScore).toBeCloseTo((90 + 70 + 69.5 + 40 + 39.9 + 10 + 0) / 7, 5);
  });

  it('has no portfolio on a date that is not a snapshot date', () => {
    const p = evaluateFrame(frame(), simpleConfig(100, 0), settings, '2025-03-31').portfolio;
    expect([p.accounts, p.meanScore, p.tierCounts.map((t) => t.count)]).toEqual([0, null, [0, 0, 0]]);
    expect(p.histogram).toEqual(new Array<number>(BINS).fill(0));
  });

  it('gives no mean score, not 0 / 0, when no account is scored on the as-of date', () => {
    // Under re-weighting a snapshot without any category data is unscored: February's here.
    const f = frame();
    for (let i = 7; i < 11; i++) f.values.logins_trend[i] = N;
    const p = evaluateFrame(f, simpleConfig(100, 0, undefined, 'reweight'), settings, '2025-02-28').portfolio;
    expect([p.accounts, p.meanScore, p.tierCounts.map((t) => t.count)]).toEqual([0, null, [0, 0, 0]]);
  });

  it('suggests cut points from the churners and stayers per score bin', () => {
    const b = evaluateFrame(frame(), simpleConfig(100, 0), settings, '2025-02-28').backtest;
    const churners = new Array<number>(BINS).fill(0);
    const stayers = new Array<number>(BINS).fill(0);
    for (const bin of [70, 40, 39, 0]) churners[bin] = 1;
    for (const bin of [90, 69, 10]) stayers[bin] = 1;
    expect(b.suggestedCuts).toEqual(suggestCuts(churners, stayers, settings));
    // Churners score below stayers in 8 of the 12 pairs.
    expect(b.auc).toBeCloseTo(8 / 12, 12);
  });

  it('draws the ROC curve from (0, 0), whose threshold (above every score) is written as null', () => {
    const b = evaluateFrame(frame(), simpleConfig(100, 0), settings, '2025-02-28').backtest;
    // Riskiest first (lowest score): 0 churned, 10 stayed, 39.9 and 40 churned, 69.5 stayed, 70 churned, 90 stayed.
    expect(b.roc.map((q) => [q.x, q.y])).toEqual([
      [0, 0],
      [0, 1 / 4],
      [1 / 3, 1 / 4],
      [1 / 3, 2 / 4],
      [1 / 3, 3 / 4],
      [2 / 3, 3 / 4],
      [2 / 3, 1],
      [1, 1],
    ]);
    expect(b.roc[0]!.threshold).toBeNull();
    expect(b.roc.slice(1).every((q) => typeof q.threshold === 'number' && Number.isFinite(q.threshold))).toBe(true);
  });

  it('lists the one configuration with its accounts at the as-of date', () => {
    const r = evaluateFrame(frame(), simpleConfig(100, 0), settings, '2025-02-28');
    expect(r.configurations.map((c) => [c.id, c.name, c.accounts, c.tiers, c.metrics.confusion])).toEqual([
      ['default', 'Default', 4, tiers([2, 1], [2, 1], [3, 2]), confusion(2, 1, 2, 2)],
    ]);
    expect(r.intervals).toBeNull();
  });
});

describe('backtest summary, re-weighting (the general path)', () => {
  it('leaves an unscored snapshot out and keeps one scored 0', () => {
    // Row 5 has no data (unscored under re-weighting); row 6 scores 0, Red, churned.
    const f = frame();
    f.values.logins_trend[5] = N;
    const b = evaluateFrame(f, simpleConfig(100, 0, undefined, 'reweight'), settings, '2025-02-28').backtest;
    expect(b.evaluated).toBe(6);
    expect(b.tiers).toEqual(tiers([2, 1], [2, 1], [2, 2]));
    expect(b.overall.confusion).toEqual(confusion(2, 0, 2, 2));
  });
});

describe('backtest summary with the CSM overrides applied', () => {
  it("judges an overridden snapshot in the override's tier and counts the overrides in force", () => {
    // A CSM set account 0 to Red on 31 January: row 0 (90, stayed) is judged Red, a false alarm.
    const f = frame();
    f.meta.overrides = [
      {
        accountId: 'A0',
        createdAt: '2025-01-15',
        tier: 'red',
        score: null,
        reason: 'Champion left',
        author: 'csm@example.com',
        expiresAt: null,
      },
    ];
    f.overrideIdx[0] = 0;
    const applied = { ...settings, overrides: 'apply' as const };
    const r = evaluateFrame(f, simpleConfig(100, 0), applied, '2025-01-31');
    expect(r.backtest.tiers).toEqual(tiers([1, 1], [2, 1], [4, 2]));
    expect(r.backtest.overall.confusion).toEqual(confusion(2, 2, 2, 1));
    expect(r.portfolio.overrides).toEqual({ active: 1, rate: 1 / 7 });
    // Ignored, the model alone judges it Green.
    expect(evaluateFrame(f, simpleConfig(100, 0), settings, '2025-01-31').backtest.tiers).toEqual(
      tiers([2, 1], [2, 1], [3, 2]),
    );
  });
});

describe('backtest summary, two configurations', () => {
  // SMB accounts are scored by a variant whose cut points are 50 / 20: rows 2 (69.5) and 8 (50) are
  // Green there, 3 (40), 4 (39.9) and 9 (20) Yellow.
  const base = simpleConfig(100, 0);
  const config = ModelConfigSchema.parse({
    ...base,
    variants: [{ id: 'smb', name: 'SMB', when: { segments: ['SMB'] }, categories: base.categories, cuts: [50, 20, 0] }],
  });

  it("reads each snapshot's tier under its configuration's cut points", () => {
    const r = evaluateFrame(frame(), config, settings, '2025-02-28');
    expect(r.backtest.tiers).toEqual(tiers([3, 1], [2, 2], [2, 1]));
    expect(r.backtest.overall.confusion).toEqual(confusion(1, 1, 3, 2));
    expect(r.backtest.breakdowns[0]!.groups.map((g) => [g.tiers, g.metrics.confusion])).toEqual([
      [tiers([2, 1], [0, 0], [2, 1]), confusion(1, 1, 1, 1)],
      [tiers([1, 0], [2, 2], [0, 0]), confusion(0, 0, 2, 1)],
    ]);
    expect(r.backtest.arrCaptured).toBeCloseTo(700 / 1800, 12);
  });

  it('splits the lifecycle breakdown by onboarding accounts', () => {
    // Rows 0 (Green, stayed) and 3 (Yellow under SMB's cuts, churned) are onboarding.
    const f = frame();
    f.onboarding.set([1, 0, 0, 1, 0, 0, 0]);
    const life = evaluateFrame(f, config, settings, '2025-02-28').backtest.breakdowns[3]!;
    expect(life.groups.map((g) => [g.group, g.tiers, g.metrics.confusion])).toEqual([
      ['Established', tiers([2, 1], [1, 1], [2, 1]), confusion(1, 1, 2, 1)],
      ['Onboarding', tiers([1, 0], [1, 1], [0, 0]), confusion(0, 0, 1, 1)],
    ]);
  });

  it('reports each configuration apart, variants first', () => {
    const r = evaluateFrame(frame(), config, settings, '2025-02-28');
    expect(r.configurations.map((c) => [c.id, c.name, c.accounts, c.tiers, c.metrics.confusion])).toEqual([
      ['smb', 'SMB', 2, tiers([1, 0], [2, 2], [0, 0]), confusion(0, 0, 2, 1)],
      ['default', 'Default', 2, tiers([2, 1], [0, 0], [2, 1]), confusion(1, 1, 1, 1)],
    ]);
    expect(r.portfolio.tierCounts.map((t) => t.count)).toEqual([3, 1, 0]);
    // Which configuration judged each snapshot: SMB's three, the default's four (category B has no data).
    expect(
      r.backtest.evidence!.categories.map((c) => [
        c.configurationId,
        c.categoryId,
        c.snapshots,
        c.withData,
        c.min,
        c.max,
      ]),
    ).toEqual([
      ['smb', 'a', 3, 3, Math.fround(39.9), 69.5],
      ['smb', 'b', 3, 0, null, null],
      ['default', 'a', 4, 4, 0, 90],
      ['default', 'b', 4, 0, null, null],
    ]);
    expect(r.portfolio.meanScore).toBe((85 + 50 + 20 + 100) / 4);
  });
});
