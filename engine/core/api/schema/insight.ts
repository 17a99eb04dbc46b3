/** Signal insight and stability: how much each signal tells on its own, and how the score holds up month by month. */
import { z } from 'zod';
import { BacktestSettingsSchema } from './backtest.js';
import { ModelConfigSchema } from './model.js';

const Nullable = z.number().nullable();

export const InsightRequestSchema = z.object({
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
});
export type InsightRequest = z.infer<typeof InsightRequestSchema>;

/** A value band: snapshots whose value lies in [lo, hi], and how many of them churned. */
export const ValueBandSchema = z.object({
  lo: z.number(),
  hi: z.number(),
  count: z.number().int(),
  churned: z.number().int(),
  churnRate: z.number(),
});

export const PredictorInsightSchema = z.object({
  /** Signal id, or category id. */
  id: z.string(),
  label: z.string(),
  /** The category a signal belongs to (a category: its own id). */
  category: z.string(),
  /** Evaluated snapshots with a value, and their share of all evaluated snapshots. */
  available: z.number().int(),
  coverage: z.number(),
  churned: z.number().int(),
  /** False when every available snapshot has the same value: it cannot rank anything. */
  varies: z.boolean(),
  /** ROC AUC of the value alone, in the direction that separates (0.5: no better than chance); null without both outcomes. */
  auc: Nullable,
  direction: z.enum(['lower-churns', 'higher-churns']).nullable(),
  /** Information value of the weight-of-evidence bands (≥ 0; under 0.02 says almost nothing, over 0.3 is strong). */
  iv: z.number(),
  /** Churn rate by value band (monotone bands, lowest values first). */
  bands: z.array(ValueBandSchema),
});
export type PredictorInsight = z.infer<typeof PredictorInsightSchema>;

export const MonthStabilitySchema = z.object({
  period: z.string(),
  snapshots: z.number().int(),
  churned: z.number().int(),
  /** At the current cut points: of the flagged snapshots that month, the share that churned; of its churners, the share flagged. */
  precision: Nullable,
  recall: Nullable,
  auc: Nullable,
});
export type MonthStability = z.infer<typeof MonthStabilitySchema>;

export const InsightSchema = z.object({
  evaluated: z.number().int(),
  churned: z.number().int(),
  signals: z.array(PredictorInsightSchema),
  /** Category scores of the default configuration (0–100, lower is worse). */
  categories: z.array(PredictorInsightSchema),
  months: z.array(MonthStabilitySchema),
});
export type Insight = z.infer<typeof InsightSchema>;
