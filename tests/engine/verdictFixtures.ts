/**
 * A healthy evaluation result built by hand (three tiers, 5,000 accounts,
 * a rising churn rate, an AUC well above chance), for the verdict rules to
 * be broken one at a time.
 */
import type { BacktestSettings, EvaluationResult, Evidence, ModelConfig } from '../../engine/core/api/schema.js';
import { classificationMetrics } from '../../engine/core/backtest/metrics.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import type { VerdictInput } from '../../engine/core/verdict/verdict.js';

export const CONFIG: ModelConfig = DEFAULT_CONFIG;
export const SETTINGS: BacktestSettings = DEFAULT_BACKTEST;

const tier = (tierId: string, count: number, churned: number) => ({
  tierId,
  count,
  churned,
  churnRate: count ? churned / count : null,
});

export function healthyEvidence(): Evidence {
  return {
    accounts: 5000,
    churnedAccounts: 400,
    tiers: [
      { tierId: 'green', accounts: 3600, churnedAccounts: 90 },
      { tierId: 'yellow', accounts: 1800, churnedAccounts: 200 },
      { tierId: 'red', accounts: 700, churnedAccounts: 160 },
    ],
    churnersFlagged: 160,
    leadTime: { fromDays: 60, toDays: 90, churners: 300, belowTopTier: 180 },
    // The classical z of the tier table below (numpy) with a design effect of 8 (ten month-ends per account).
    tierTrend: {
      accounts: 5000,
      snapshots: 50_000,
      snapshotZ: 42.601203538812456,
      designEffect: 8,
      z: 15.061799954501316,
      pValue: 1.4440765422670474e-51,
    },
    categories: CONFIG.categories.map((c) => ({
      configurationId: 'default',
      configurationName: 'Default',
      categoryId: c.id,
      name: c.name,
      weight: c.weight,
      snapshots: 50_000,
      withData: 48_000,
      min: 0,
      max: 100,
    })),
  };
}

/** Snapshot counts: Green 1 %, Yellow 4 %, Red 14 % churned; Red flagged. */
export function healthyResult(): EvaluationResult {
  const tiers = [tier('green', 30_000, 300), tier('yellow', 16_000, 640), tier('red', 4_000, 560)];
  const confusion = { tp: 560, fp: 3440, fn: 940, tn: 45_060 };
  return {
    portfolio: {
      asOf: '2026-10-31',
      accounts: 5000,
      tierCounts: [
        { tierId: 'green', count: 3000 },
        { tierId: 'yellow', count: 1500 },
        { tierId: 'red', count: 500 },
      ],
      histogram: Array.from({ length: 101 }, (_, b) => (b < 40 ? 500 / 40 : b < 70 ? 50 : 3000 / 31) | 0),
      meanScore: 68,
      overrides: { active: 10, rate: 0.002 },
    },
    configurations: [],
    backtest: {
      horizonDays: 90,
      cadence: 'monthly',
      outcome: 'churn',
      periods: ['2025-11-30', '2025-12-31', '2026-01-31'],
      evaluated: 50_000,
      censored: 15_000,
      outsideWindow: 0,
      overall: classificationMetrics(confusion),
      arrCaptured: 0.4,
      tiers,
      breakdowns: [],
      auc: 0.72,
      averagePrecision: 0.09,
      roc: [],
      pr: [],
      deciles: [],
      topDecileLift: 3.1,
      capacity: {
        k: 100,
        recallAtK: 0.2,
        churnersCaught: 80,
        churners: 400,
        targetRecall: 0.7,
        kForTarget: 900,
        curve: [],
        byPeriod: [],
      },
      alerts: null,
      suggestedCuts: [],
      warnings: [],
      evidence: healthyEvidence(),
    },
    intervals: { replicates: 200, precision: [0.12, 0.16], recall: [0.34, 0.4], f1: [0.2, 0.23], auc: [0.7, 0.74] },
  };
}

export const healthy = (): VerdictInput => ({ result: healthyResult(), config: CONFIG, backtest: SETTINGS });

/** The healthy input with its result changed by `edit`. */
export function broken(edit: (r: EvaluationResult) => void, backtest: Partial<BacktestSettings> = {}): VerdictInput {
  const result = healthyResult();
  edit(result);
  return { result, config: CONFIG, backtest: { ...SETTINGS, ...backtest } };
}
