/**
 * One pipeline kept across edits, as the app keeps it, must show each edit's own numbers: every
 * stage's cache key has to change with what the stage depends on. Each test makes one kind of edit
 * that leaves every other input alone, on four accounts at one month-end whose scores are worked by
 * hand. Accounts 1 and 3 churn within the horizon.
 */
import { describe, expect, it } from 'vitest';
import {
  ModelConfigSchema,
  type BacktestSettings,
  type Category,
  type EvaluationResult,
  type ModelConfig,
  type TierScheme,
} from '../../engine/core/api/schema.js';
import { BacktestPipeline } from '../../engine/core/backtest/pipeline.js';
import { setCutPoint } from '../../engine/core/model/cutPoints.js';
import { DEFAULT_BACKTEST, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import type { SignalId } from '../../engine/core/signals/catalog.js';
import { frameOf } from './frames.js';

const N = Number.NaN;
const ASOF = '2025-01-31';
// Category A reads logins_trend, B csat_last5, C nps_latest, each linear from 0 to `best` (100 unless edited).
const A = [100, 0, 50, 20];
const B = [0, 100, 50, 80];
const C = 50.5;
const fixture = () =>
  frameOf(
    A.map((a, i) => ({ logins_trend: a, csat_last5: B[i]!, nps_latest: C })),
    {
      daysToChurn: Float32Array.from([N, 30, N, 30]),
      segment: Uint8Array.from([0, 0, 1, 1]),
    },
  );

const category = (id: string, signal: SignalId, weight: number, best = 100): Category => ({
  id,
  name: id.toUpperCase(),
  weight,
  signals: [{ signal, weight: 1, normalisation: { kind: 'linear', worst: 0, best } }],
});
const threeCategories = (wA: number, wB: number, wC: number, bestA = 100) => [
  category('a', 'logins_trend', wA, bestA),
  category('b', 'csat_last5', wB),
  category('c', 'nps_latest', wC),
];
const model = (over: Partial<ModelConfig> = {}): ModelConfig =>
  ModelConfigSchema.parse({
    schemaVersion: 1,
    name: 'edits',
    missing: 'neutral',
    tiers: TRAFFIC_LIGHT,
    categories: threeCategories(50, 25, 25),
    ...over,
  });
const run = (p: BacktestPipeline, config: ModelConfig, backtest: Partial<BacktestSettings> = {}) =>
  p.run({ config, backtest: { ...DEFAULT_BACKTEST, ...backtest }, asOf: ASOF });

/** The accounts' score bins at the as-of date, lowest first, read off the portfolio histogram. */
const bins = (r: EvaluationResult) => r.portfolio.histogram.flatMap((count, bin) => new Array<number>(count).fill(bin));

describe('one pipeline across edits (the slider path: one configuration)', () => {
  it('re-scores after a normalisation edit that leaves the weights alone', () => {
    const p = new BacktestPipeline(fixture());
    // 0.5 A + 0.25 B + 0.25 × 50.5: 62.625, 37.625, 50.125, 42.625; only account 1 is Red.
    const before = run(p, model());
    expect(bins(before)).toEqual([37, 42, 50, 62]);
    expect(before.backtest.overall.confusion).toEqual({ tp: 1, fp: 0, fn: 1, tn: 2 });
    // A read from 0 to 200 halves its score: every account lands on 37.625, all Red.
    const after = run(p, model({ categories: threeCategories(50, 25, 25, 200) }));
    expect(bins(after)).toEqual([37, 37, 37, 37]);
    expect(after.backtest.overall.confusion).toEqual({ tp: 2, fp: 2, fn: 0, tn: 0 });
  });

  it('re-scores after a weight move whose digits read the same run together (1, 19, 80 → 11, 9, 80)', () => {
    const p = new BacktestPipeline(fixture());
    // 1/19/80: 41.4, 59.4, 50.4, 55.8 (the churners score highest: AUC 0).
    const before = run(p, model({ categories: threeCategories(1, 19, 80) }));
    expect(bins(before)).toEqual([41, 50, 55, 59]);
    expect(before.backtest.auc).toBe(0);
    // 11/9/80: 51.4, 49.4, 50.4, 49.8 (now they score lowest: AUC 1).
    const after = run(p, model({ categories: threeCategories(11, 9, 80) }));
    expect(bins(after)).toEqual([49, 49, 50, 51]);
    expect(after.backtest.auc).toBe(1);
  });

  it('follows the at-risk threshold in the account-level evidence', () => {
    const p = new BacktestPipeline(fixture());
    // Red (below 40) flags churner 1 (37.6); below 45 flags churner 3 (42.6) too; below 38, churner 1 alone.
    expect(run(p, model()).backtest.evidence?.churnersFlagged).toBe(1);
    expect(run(p, model(), { atRiskBelow: 45 }).backtest.evidence?.churnersFlagged).toBe(2);
    expect(run(p, model(), { atRiskBelow: 38 }).backtest.evidence?.churnersFlagged).toBe(1);
  });

  it('follows the at-risk tiers in the evidence even when tier ids run together ("ab" against "a" and "b")', () => {
    const scheme: TierScheme = {
      ...TRAFFIC_LIGHT,
      tiers: [
        { ...TRAFFIC_LIGHT.tiers[0]!, id: 'ab' },
        { ...TRAFFIC_LIGHT.tiers[1]!, id: 'a' },
        { ...TRAFFIC_LIGHT.tiers[2]!, id: 'b' },
      ],
    };
    const p = new BacktestPipeline(fixture());
    // Scores 62.625 (Yellow), 37.625, 50.125, 42.625: the top tier holds nobody, the other two everyone.
    expect(run(p, model({ tiers: scheme }), { atRiskTiers: ['ab'] }).backtest.evidence?.churnersFlagged).toBe(0);
    expect(run(p, model({ tiers: scheme }), { atRiskTiers: ['a', 'b'] }).backtest.evidence?.churnersFlagged).toBe(2);
  });

  it('reports the accounts a team of K can work, and follows edits of K and of the target recall', () => {
    const p = new BacktestPipeline(fixture());
    // Riskiest first: account 1 (37.6, churned), 3 (42.6, churned), 2, 0.
    const one = run(p, model(), { capacityK: 1, targetRecall: 0.7 }).backtest.capacity;
    expect([one.k, one.churnersCaught, one.churners, one.recallAtK, one.kForTarget]).toEqual([1, 1, 2, 0.5, 2]);
    expect(one.byPeriod).toEqual([
      { period: ASOF, accounts: 4, worked: 1, churners: 2, churnersCaught: 1, recallAtK: 0.5 },
    ]);
    const two = run(p, model(), { capacityK: 2, targetRecall: 0.7 }).backtest.capacity;
    expect([two.k, two.churnersCaught, two.recallAtK]).toEqual([2, 2, 1]);
    expect(run(p, model(), { capacityK: 2, targetRecall: 0.4 }).backtest.capacity.kForTarget).toBe(1);
  });

  it("gives the slider path's part alone (for the benchmarks): the evaluated snapshots, their labels and scores", () => {
    const { evaluated } = new BacktestPipeline(fixture()).runTierStatistics({
      config: model(),
      backtest: DEFAULT_BACKTEST,
      asOf: ASOF,
    });
    expect([Array.from(evaluated.rows), Array.from(evaluated.labels)]).toEqual([
      [0, 1, 2, 3],
      [0, 1, 0, 1],
    ]);
    expect(Array.from(evaluated.scores())).toEqual([62.625, 37.625, 50.125, 42.625]);
  });

  it('gives a provisional result after a bootstrap alone: the last ranking, no account-level evidence yet', () => {
    const p = new BacktestPipeline(fixture());
    const backtest = DEFAULT_BACKTEST;
    // The comparison's bootstrap ranks 1/19/80 (AUC 0) without a full run.
    p.bootstrapInput({ config: model({ categories: threeCategories(1, 19, 80) }), backtest, asOf: ASOF });
    const moved = { config: model({ categories: threeCategories(11, 9, 80) }), backtest, asOf: ASOF };
    const provisional = p.runProvisional(moved);
    expect(provisional && bins(provisional)).toEqual([49, 49, 50, 51]);
    expect(provisional?.backtest.auc).toBe(0);
    expect(provisional?.backtest.evidence).toBeUndefined();
  });
});

describe('one pipeline across edits (the general path)', () => {
  it('re-assigns accounts after an edit of a variant’s rule alone', () => {
    // The variant scores by A alone, the default by B alone.
    const withRule = (segments: string[]) =>
      model({
        categories: [category('b', 'csat_last5', 100)],
        variants: [{ id: 'v', name: 'V', when: { segments }, categories: [category('a', 'logins_trend', 100)] }],
      });
    const p = new BacktestPipeline(fixture());
    // Enterprise (accounts 0, 1) by A: 100, 0; SMB by B: 50, 80.
    expect(bins(run(p, withRule(['Enterprise'])))).toEqual([0, 50, 80, 100]);
    // SMB (accounts 2, 3) by A: 50, 20; Enterprise by B: 0, 100.
    expect(bins(run(p, withRule(['SMB'])))).toEqual([0, 20, 50, 100]);
  });

  it('with CSM overrides applied, follows a cut-point edit (a tier override sits mid-tier) and a weight move', () => {
    const frame = {
      ...fixture(),
      overrideIdx: Int32Array.from([0, -1, -1, -1]),
    };
    // A CSM set account 0 to Red.
    frame.meta.overrides = [
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
    const p = new BacktestPipeline(frame);
    const apply = { overrides: 'apply' as const };
    // Red is 0–39: account 0 is placed at its middle, (0 + 40) / 2 = 20; the others keep 37.625, 50.125, 42.625.
    expect(bins(run(p, model(), apply))).toEqual([20, 37, 42, 50]);
    // Yellow from 50: Red is 0–49, its middle (0 + 50) / 2 = 25.
    const cuts50 = model({ tiers: setCutPoint(TRAFFIC_LIGHT, 1, 50) });
    expect(bins(run(p, cuts50, apply))).toEqual([25, 37, 42, 50]);
    // 1/19/80 moves the others to 59.4, 50.4, 55.8.
    expect(bins(run(p, model({ tiers: cuts50.tiers, categories: threeCategories(1, 19, 80) }), apply))).toEqual([
      25, 50, 55, 59,
    ]);
  });
});
