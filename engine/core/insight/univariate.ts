/**
 * How well one raw value, on its own, tells churners from stayers: the ROC
 * AUC of "lower value, more churn" (Mann–Whitney with mid-ranks, so ties
 * count half as in scikit-learn's roc_auc_score(y, -value)), and the
 * information value of its weight-of-evidence bands.
 */
import { monotoneBinning, type Band } from '../calibration/binning.js';

/**
 * roc_auc_score(labels, -values): the chance a random churner's value is
 * lower than a random stayer's, ties counting half. Null without both classes.
 */
export function aucLowerChurns(values: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  let positives = 0;
  // Sum of the churners' mid-ranks counted from the highest value down (rank 1 = highest).
  let rankSum = 0;
  let k = 0;
  while (k < n) {
    let end = k;
    while (end + 1 < n && values[order[end + 1]!]! === values[order[k]!]!) end++;
    // Ascending positions k..end hold one value; from the top they are ranks n-end .. n-k.
    const mid = (n - end + (n - k)) / 2;
    for (let p = k; p <= end; p++) {
      if (labels[order[p]!] === 1) {
        positives++;
        rankSum += mid;
      }
    }
    k = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  // A churner ranked above a stayer (lower value) counts 1: U = rankSum - P(P+1)/2 over the descending ranks of -value.
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Information value of bands: Σ (share of stayers − share of churners) × WoE,
 * with the half-snapshot smoothing the bands' WoE uses, so it is never
 * negative and a single band gives 0.
 */
export function informationValue(bands: readonly { count: number; events: number }[]): number {
  const k = bands.length;
  const B = bands.reduce((s, b) => s + b.events, 0);
  const G = bands.reduce((s, b) => s + b.count - b.events, 0);
  let iv = 0;
  for (const b of bands) {
    const good = (b.count - b.events + 0.5) / (G + 0.5 * k);
    const bad = (b.events + 0.5) / (B + 0.5 * k);
    iv += (good - bad) * Math.log(good / bad);
  }
  return iv;
}

export interface UnivariatePower {
  /** Snapshots with a value, and how many of them churned. */
  available: number;
  churned: number;
  /** Whether the value takes more than one value over these snapshots. */
  varies: boolean;
  /** AUC in the direction that separates (≥ 0.5); null without both classes. */
  auc: number | null;
  /** Which way churn goes as the value falls; null when the value does not separate at all (AUC exactly 0.5) or is unknown. */
  direction: 'lower-churns' | 'higher-churns' | null;
  iv: number;
  bands: Band[];
}

/** @param values available values only (no NaN), with their snapshots' labels */
export function univariatePower(values: Float64Array | Float32Array, labels: Uint8Array): UnivariatePower {
  let churned = 0;
  let varies = false;
  for (let i = 0; i < values.length; i++) {
    churned += labels[i]!;
    if (values[i] !== values[0]) varies = true;
  }
  const lower = values.length > 0 ? aucLowerChurns(values, labels) : null;
  const bands = values.length > 0 ? monotoneBinning(values, labels).bands : [];
  return {
    available: values.length,
    churned,
    varies,
    auc: lower === null ? null : Math.max(lower, 1 - lower),
    direction: lower === null || lower === 0.5 ? null : lower > 0.5 ? 'lower-churns' : 'higher-churns',
    iv: bands.length > 0 ? informationValue(bands) : 0,
    bands,
  };
}
