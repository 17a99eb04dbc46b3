/**
 * The pipeline judging the CS platform's own score (PipelineOptions.imported): the imported score
 * replaces the configuration's, which then gives only the cut points and the at-risk set. Three
 * accounts on two month-ends, every one scored 100 by the configuration and otherwise by the
 * platform; account 0 churns on 30 March, 58 and 30 days after the two dates.
 */
import { describe, expect, it } from 'vitest';
import { ModelConfigSchema, type BacktestSettings } from '../../engine/core/api/schema.js';
import { BacktestPipeline } from '../../engine/core/backtest/pipeline.js';
import { DEFAULT_BACKTEST, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { frameOf } from './frames.js';

const N = Number.NaN;
const IMPORTED = [80, 60, 30, 35, 65, 20]; // Green, Yellow, Red; Red, Yellow, Red
const fixture = (withScores = true) => {
  const frame = frameOf(
    IMPORTED.map(() => ({ logins_trend: 100 })),
    {
      account: Int32Array.from([0, 1, 2, 0, 1, 2]),
      period: Uint16Array.from([0, 0, 0, 1, 1, 1]),
      daysToChurn: Float32Array.from([58, N, N, 30, N, N]),
      overrideIdx: Int32Array.from([-1, -1, -1, 0, -1, -1]),
      // A CSM set account 0 to Green on 20 February: the platform's score is judged as it was given.
      overrides: [
        {
          accountId: 'A0',
          createdAt: '2025-02-20',
          tier: 'green',
          score: null,
          reason: 'Renewal signed',
          author: 'csm@example.com',
          expiresAt: null,
        },
      ],
    },
    ['SMB'],
    ['2025-01-31', '2025-02-28'],
  );
  return withScores ? { ...frame, currentScore: Float32Array.from(IMPORTED) } : frame;
};
// One category, as the comparison's imported-score configuration has (compare/currentScore.ts).
const config = ModelConfigSchema.parse({
  schemaVersion: 1,
  name: 'Your current score',
  missing: 'neutral',
  tiers: TRAFFIC_LIGHT,
  categories: [
    {
      id: 'current',
      name: 'Current score',
      weight: 100,
      signals: [{ signal: 'logins_trend', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 100 } }],
    },
  ],
});
const params = (backtest: Partial<BacktestSettings> = {}) => ({
  config,
  backtest: { ...DEFAULT_BACKTEST, ...backtest },
  asOf: '2025-02-28',
});

describe('backtesting the imported score', () => {
  it('judges the imported score, not the configuration’s: Red flags rows 2, 3 and 5', () => {
    // Within 90 days rows 0 and 3 churn: row 3 is caught (35), row 0 missed (80), rows 2 and 5 false alarms.
    const r = new BacktestPipeline(fixture(), { imported: true }).run(params());
    expect(r.backtest.overall.confusion).toEqual({ tp: 1, fp: 2, fn: 1, tn: 2 });
  });

  it('shows the portfolio by the imported score at the as-of date', () => {
    const { portfolio } = new BacktestPipeline(fixture(), { imported: true }).run(params());
    expect(portfolio.tierCounts.map((t) => t.count)).toEqual([0, 1, 2]);
    expect(portfolio.meanScore).toBeCloseTo((35 + 65 + 20) / 3, 5);
  });

  it('ignores CSM overrides even when asked to apply them: they are the workbench’s, not the platform’s', () => {
    const r = new BacktestPipeline(fixture(), { imported: true }).run(params({ overrides: 'apply' }));
    expect(r.backtest.overall.confusion).toEqual({ tp: 1, fp: 2, fn: 1, tn: 2 });
  });

  it('follows a horizon edit on the same pipeline: within 20 days nobody churns', () => {
    const p = new BacktestPipeline(fixture(), { imported: true });
    const before = p.run(params());
    const after = p.run(params({ horizonDays: 20 }));
    expect(after.backtest.overall.confusion).toEqual({ tp: 0, fp: 3, fn: 0, tn: 3 });
    // Account 0 entering Red on 28 February is followed by churn within 90 days, not within 20.
    const enterRed = (r: typeof before) => r.backtest.alerts?.find((a) => a.id === 'enter-red');
    expect([enterRed(before)?.alerts, enterRed(before)?.followedByChurn]).toEqual([1, 1]);
    expect([enterRed(after)?.alerts, enterRed(after)?.followedByChurn]).toEqual([1, 0]);
  });

  it("reports the imported score's coverage as its one category's", () => {
    const r = new BacktestPipeline(fixture(), { imported: true }).run(params());
    expect(r.backtest.evidence?.categories.map((c) => [c.categoryId, c.snapshots, c.withData, c.min, c.max])).toEqual([
      ['current', 6, 6, 20, 80],
    ]);
  });

  it('refuses a frame without a score history, saying what to import', () => {
    expect(() => new BacktestPipeline(fixture(false), { imported: true })).toThrow(
      "No score history is loaded: import your platform's score history (account, date, score) to backtest it",
    );
  });
});
