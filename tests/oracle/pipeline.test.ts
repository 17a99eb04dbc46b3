/**
 * The whole backtest against an independent oracle: the CLI bundle runs on the
 * sample data and writes every snapshot with its category scores and outcome
 * timing; tests/reference/pipeline_oracle.py (pandas + scikit-learn, no shared
 * code) re-derives scores, tiers, the evaluated selection, labels and every
 * headline metric from that file, with the CSM overrides in force applied in
 * the designs that ask for them. Counts must be equal, rates equal to 1e-12.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationResult, ModelConfig } from '../../engine/core/api/schema.js';
import { DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { buildCli, cliAndOracle, DEFAULT_DESIGN, SAMPLE_DATA, type Design, type OracleResult } from './runOracle.js';

beforeAll(buildCli, 60_000);

const RATE = 1e-12;

function expectRate(engine: number | null, oracle: number | null, what: string): void {
  if (oracle === null || engine === null) return void expect(engine, what).toBe(oracle);
  expect(Math.abs(engine - oracle), `${what}: engine ${engine}, oracle ${oracle}`).toBeLessThanOrEqual(RATE);
}

/** Every figure the oracle recomputes, compared with the CLI's. */
function expectAsOracle(cli: EvaluationResult, oracle: OracleResult): void {
  const b = cli.backtest;
  // The CLI's own columns agree with the oracle's derivation, row by row.
  expect(oracle.mismatches).toEqual({ score: 0, tier: 0, atRisk: 0, evaluated: 0, churned: 0 });
  expect(b.periods).toEqual(oracle.periods);
  expect({ evaluated: b.evaluated, censored: b.censored, outsideWindow: b.outsideWindow }).toEqual({
    evaluated: oracle.evaluated,
    censored: oracle.censored,
    outsideWindow: oracle.outsideWindow,
  });
  const o = oracle.overall;
  expect(b.overall.confusion).toEqual(o.confusion);
  expect([b.overall.n, b.overall.positives]).toEqual([o.n, o.positives]);
  for (const k of ['baseRate', 'precision', 'recall', 'f1', 'specificity', 'accuracy', 'lift'] as const)
    expectRate(b.overall[k], o[k], `overall.${k}`);
  expectRate(b.auc, oracle.auc, 'ROC AUC');
  expectRate(b.averagePrecision, oracle.averagePrecision, 'average precision');
  expect(b.tiers.map((t) => [t.tierId, t.count, t.churned])).toEqual(
    oracle.tiers.map((t) => [t.tierId, t.count, t.churned]),
  );
  b.tiers.forEach((t, k) => expectRate(t.churnRate, oracle.tiers[k]!.churnRate, `churn rate of ${t.tierId}`));
  expect(cli.portfolio.accounts).toBe(oracle.portfolio.accounts);
  expect(cli.portfolio.tierCounts).toEqual(oracle.portfolio.tierCounts);
  expect(cli.portfolio.overrides.active).toBe(oracle.portfolio.overridesInForce);
}

/** Other weights, other cut points and the re-weighting missing-data policy (the general, unpacked path). */
const EDITED: ModelConfig = {
  ...DEFAULT_CONFIG,
  name: 'Usage-heavy, stricter tiers',
  missing: 'reweight',
  categories: DEFAULT_CONFIG.categories.map((c) => ({
    ...c,
    weight: ({ usage: 40, support: 10, billing: 25, engagement: 10, growth: 15 } as Record<string, number>)[c.id]!,
  })),
  tiers: {
    ...DEFAULT_CONFIG.tiers,
    tiers: DEFAULT_CONFIG.tiers.tiers.map((t, k) => ({ ...t, min: [65, 45, 0][k]! })),
  },
};

/**
 * The sample data with overrides of every kind the sample's (Red or Green only) lack, on its first 60 Enterprise
 * and 60 other accounts, for a year from 2025-06-15: score overrides (one above 100, clipped; one fractional), a
 * tier by its id, a tier no scheme has with a score (the score counts) and without (nothing changes), and a tier
 * with a score (the tier wins).
 */
function withHandSetOverrides(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-oracle-overrides-'));
  cpSync(SAMPLE_DATA, dir, { recursive: true });
  const accounts = readFileSync(join(dir, 'accounts.csv'), 'utf8').trim().split('\n').slice(1);
  const ids = (enterprise: boolean) =>
    accounts
      .map((l) => l.split(','))
      .filter((c) => (c[2] === 'Enterprise') === enterprise)
      .slice(0, 60)
      .map((c) => c[0]!);
  const kinds = [',95', ',140', ',12.5', 'yellow,', 'Critical,30', 'Critical,', 'Red,90'];
  const lines = [...ids(true), ...ids(false)].map(
    (id, k) => `${id},2025-06-15,${kinds[k % kinds.length]},Set by hand for the oracle,Ana Silva,2026-06-15`,
  );
  appendFileSync(join(dir, 'overrides.csv'), lines.join('\n') + '\n');
  return dir;
}

/** EDITED with Enterprise accounts on their own cut points: a tier override lands mid-tier under those. */
const ENTERPRISE_CUTS: ModelConfig = {
  ...EDITED,
  name: 'Enterprise on its own cut points',
  variants: [
    {
      id: 'enterprise',
      name: 'Enterprise',
      when: { segments: ['Enterprise'] },
      categories: EDITED.categories,
      cuts: [80, 50, 0],
    },
    ...(EDITED.variants ?? []),
  ],
};

const CASES: [string, ModelConfig, Design, (() => string)?][] = [
  ['the default model, monthly, 90 days, last 12 months', DEFAULT_CONFIG, DEFAULT_DESIGN],
  [
    'edited weights and cut points, monthly, 60 days, last 6 months',
    EDITED,
    { horizonDays: 60, windowMonths: 6, cadence: 'monthly', outcome: 'churn' },
  ],
  [
    'the default model, weekly snapshots, 90 days, last 6 months',
    DEFAULT_CONFIG,
    { horizonDays: 90, windowMonths: 6, cadence: 'weekly', outcome: 'churn' },
  ],
  [
    'edited weights and cut points, missed renewals within 180 days, last 9 months',
    EDITED,
    { horizonDays: 180, windowMonths: 9, cadence: 'monthly', outcome: 'renewal' },
  ],
  [
    'the default model with the CSM overrides applied, monthly, 90 days, last 12 months',
    DEFAULT_CONFIG,
    { ...DEFAULT_DESIGN, overrides: 'apply' },
  ],
  [
    // Red and Green overrides land mid-tier under 65/45 (22 and 82), not under the default cut points.
    'edited weights and cut points with the CSM overrides applied, weekly snapshots, 90 days, last 6 months',
    EDITED,
    { horizonDays: 90, windowMonths: 6, cadence: 'weekly', outcome: 'churn', overrides: 'apply' },
  ],
  [
    'hand-set score, id and unknown-tier overrides applied, Enterprise on its own cut points, monthly, 90 days, 12 months',
    ENTERPRISE_CUTS,
    { ...DEFAULT_DESIGN, overrides: 'apply' },
    withHandSetOverrides,
  ],
];

describe('the backtest on the sample data equals an independent pandas/scikit-learn recomputation', () => {
  it('the edited configuration really differs from the default (weights, cuts, policy)', () => {
    expect(EDITED.categories.reduce((s, c) => s + c.weight, 0)).toBe(100);
    expect(EDITED.categories.map((c) => c.weight)).not.toEqual(DEFAULT_CONFIG.categories.map((c) => c.weight));
    expect(EDITED.tiers.tiers.map((t) => t.min)).toEqual([65, 45, 0]);
  });

  it.each(CASES)(
    '%s',
    (_, config, design, data) => {
      const { cli, oracle } = cliAndOracle(config, design, data ? data() : SAMPLE_DATA);
      // Enough of each kind for the comparison to mean something.
      expect(oracle.evaluated).toBeGreaterThan(1000);
      expect(oracle.censored).toBeGreaterThan(0);
      expect(oracle.outsideWindow).toBeGreaterThan(0);
      expect(oracle.overall.confusion.tp).toBeGreaterThan(0);
      expect(oracle.tiers.every((t) => t.count > 0)).toBe(true);
      // Applied, overrides set some evaluated scores; ignored, none.
      if (design.overrides === 'apply') expect(oracle.overriddenEvaluated).toBeGreaterThan(50);
      else expect(oracle.overriddenEvaluated).toBe(0);
      expectAsOracle(cli, oracle);
    },
    120_000,
  );
});
