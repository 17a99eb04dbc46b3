import type { ClassificationMetrics, Confusion } from '../api/schema.js';

/** a / b, or null when b is 0 (the metric is undefined, not zero). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

export function classificationMetrics(c: Confusion): ClassificationMetrics {
  const n = c.tp + c.fp + c.fn + c.tn;
  const positives = c.tp + c.fn;
  return {
    confusion: c,
    n,
    positives,
    baseRate: ratio(positives, n),
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, positives),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    specificity: ratio(c.tn, c.tn + c.fp),
    accuracy: ratio(c.tp + c.tn, n),
    lift: c.tp + c.fp > 0 && positives > 0 ? c.tp / (c.tp + c.fp) / (positives / n) : null,
  };
}

/** Confusion matrix of predictions against outcomes (both 0/1 arrays of equal length). */
export function confusionOf(predicted: ArrayLike<number>, actual: ArrayLike<number>): Confusion {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i] === 1,
      a = actual[i] === 1;
    if (p && a) tp++;
    else if (p) fp++;
    else if (a) fn++;
    else tn++;
  }
  return { tp, fp, fn, tn };
}
