/**
 * What the pipeline hands the bootstrap (and the scenario comparison's paired one): each evaluated
 * snapshot's score, outcome, at-risk flag, tier, ARR and groups, worked by hand on six snapshots
 * of one date and one of the next (censored, so never evaluated). Category A alone is weighted, under re-weighting, so a score is the A value and a
 * snapshot without it is unscored.
 */
import { describe, expect, it } from 'vitest';
import { ModelConfigSchema, type BacktestSettings } from '../../engine/core/api/schema.js';
import { BacktestPipeline } from '../../engine/core/backtest/pipeline.js';
import { DEFAULT_BACKTEST, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { frameOf, simpleConfig } from './frames.js';

const N = Number.NaN;
// A value (N: none), churned within the horizon, segment (0 Enterprise, 1 SMB), ARR.
const ROWS: [number, boolean, number, number][] = [
  [90, false, 1, 1000], // Green
  [75, true, 0, 2000], // Green
  [50, true, 1, 500], // Yellow
  [30, true, 1, 3000], // Red
  [10, false, 0, N], // Red, ARR unknown
  [N, true, 1, 100], // unscored
  [20, false, 1, 100], // the next date, censored: 30 days observed
];
const fixture = (arr = ROWS.map((r) => r[3])) =>
  frameOf(
    ROWS.map((r) => (Number.isNaN(r[0]) ? {} : { logins_trend: r[0] })),
    {
      daysToChurn: Float32Array.from(ROWS, (r) => (r[1] ? 30 : N)),
      period: Uint16Array.from(ROWS, (_, i) => (i === 6 ? 1 : 0)),
      observedDays: Float32Array.from(ROWS, (_, i) => (i === 6 ? 30 : 365)),
      segment: Uint8Array.from(ROWS, (r) => r[2]),
      arr: Float32Array.from(arr),
    },
    ['Enterprise', 'SMB'],
    ['2025-01-31', '2025-02-28'],
  );
const config = simpleConfig(100, 0, TRAFFIC_LIGHT, 'reweight');
const settings: BacktestSettings = { ...DEFAULT_BACKTEST, minChurners: 2 };
const params = { config, backtest: settings, asOf: '2025-01-31' };

describe('what the bootstrap resamples', () => {
  it('is each scored, observed snapshot: score, outcome, account, Red flagged at risk, tier, ARR, riskiest first', () => {
    const input = new BacktestPipeline(fixture()).bootstrapInput(params);
    expect(Array.from(input.scores)).toEqual([90, 75, 50, 30, 10]);
    expect(Array.from(input.labels)).toEqual([0, 1, 1, 1, 0]);
    expect(Array.from(input.account)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(input.predicted)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(input.order)).toEqual([4, 3, 2, 1, 0]);
    expect(input.tiers?.ids).toEqual(['green', 'yellow', 'red']);
    expect(Array.from(input.tiers?.index ?? [])).toEqual([0, 0, 1, 2, 2]);
    expect(Array.from(input.arr ?? [])).toEqual([1000, 2000, 500, 3000, N]);
  });

  it('judges a group, as its summary does, only with at least the minimum churners', () => {
    // Churners: Enterprise 1 (row 1), SMB 2 (rows 2, 3); every account is on one plan and region, and established.
    const { groups } = new BacktestPipeline(fixture()).bootstrapInput(params);
    expect(groups?.map((g) => [g.dimension, g.labels, Array.from(g.codes), g.judged])).toEqual([
      ['segment', ['Enterprise', 'SMB'], [1, 0, 1, 1, 0], [false, true]],
      ['plan', ['Starter'], [0, 0, 0, 0, 0], [true]],
      ['region', ['NA'], [0, 0, 0, 0, 0], [true]],
      ['lifecycle', ['Established', 'Onboarding'], [0, 0, 0, 0, 0], [true, false]],
    ]);
  });

  it('carries no ARR when no evaluated snapshot has one (no interval for churned ARR caught)', () => {
    const input = new BacktestPipeline(fixture(ROWS.map(() => N))).bootstrapInput(params);
    expect(input).not.toHaveProperty('arr');
  });

  it('flags and tiers each snapshot under the cut points of the configuration that scored it', () => {
    // Enterprise accounts have a variant whose Red is below 76: row 1 (75) is Red there, row 4 (10) too.
    const withVariant = ModelConfigSchema.parse({
      ...config,
      variants: [
        {
          id: 'ent',
          name: 'Enterprise',
          when: { segments: ['Enterprise'] },
          categories: config.categories,
          cuts: [80, 76, 0],
        },
      ],
    });
    const input = new BacktestPipeline(fixture()).bootstrapInput({ ...params, config: withVariant });
    expect(Array.from(input.predicted)).toEqual([0, 1, 0, 1, 1]);
    expect(Array.from(input.tiers?.index ?? [])).toEqual([0, 2, 1, 2, 2]);
  });
});

describe('unscored snapshots', () => {
  it('counts the observed snapshots in the window left out for want of a score, not the censored ones', () => {
    expect(new BacktestPipeline(fixture()).unscored(params)).toBe(1);
  });
});
