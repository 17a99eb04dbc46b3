/**
 * The smallest difference between two scenarios worth acting on, per metric.
 * A paired interval that excludes zero says a difference is real, not that it
 * matters: on tens of thousands of snapshots an AUC gain of 0.0008 can be
 * beyond noise and still change who a CSM calls by a handful of accounts.
 * Below these sizes Compare never calls a difference a gain or a loss.
 */
import type { Comparison } from '../api/schema.js';

type Metric = Comparison['differences'][number]['metrics'][number]['metric'];

/**
 * AUC is the chance a churner ranks riskier than a stayer: 0.005 is half a
 * point of that chance, about the smallest change that reorders a CSM's
 * call list visibly; smaller gains are within what re-fitting on another
 * quarter moves it by.
 */
export const MIN_AUC_DIFFERENCE = 0.005;

/** Precision, recall, F1, average precision, churned ARR caught: one percentage point of the accounts or ARR they count. */
export const MIN_RATE_DIFFERENCE = 0.01;

/** Lift (churn rate of the flagged over the base rate): 0.05 times the base rate. */
export const MIN_LIFT_DIFFERENCE = 0.05;

export const MIN_DIFFERENCE: Record<Metric, number | null> = {
  auc: MIN_AUC_DIFFERENCE,
  averagePrecision: MIN_RATE_DIFFERENCE,
  precision: MIN_RATE_DIFFERENCE,
  recall: MIN_RATE_DIFFERENCE,
  f1: MIN_RATE_DIFFERENCE,
  arrCaptured: MIN_RATE_DIFFERENCE,
  lift: MIN_LIFT_DIFFERENCE,
  topDecileLift: MIN_LIFT_DIFFERENCE,
  // The outcome, not the score: scenarios judged on the same snapshots share it, so no size makes it a gain.
  baseRate: null,
};

/** Beyond noise (the interval excludes 0) and at least the minimum in size; null when there is no interval or no minimum. */
export function worthActing(metric: Metric, diff: number | null, ci: readonly [number, number] | null): boolean | null {
  const min = MIN_DIFFERENCE[metric];
  if (diff === null || ci === null || min === null) return null;
  const beyondNoise = ci[0] > 0 || ci[1] < 0;
  return beyondNoise && Math.abs(diff) >= min;
}
