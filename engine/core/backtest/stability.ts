/**
 * Precision, recall and AUC per evaluation month: a score whose AUC swings
 * from month to month, or whose recall drifts down, ranks risk less reliably
 * than its pooled figures suggest.
 */
import type { MonthStability } from '../api/schema.js';
import { thresholdFree } from './curves.js';
import { classificationMetrics, confusionOf } from './metrics.js';
import { rankByScore } from './ranking.js';

export interface StabilityInput {
  /** Snapshot dates (index = month code). */
  periods: readonly string[];
  /** Per evaluated snapshot: its month code, outcome, score and whether the cut points flag it. */
  month: Uint16Array;
  labels: Uint8Array;
  scores: Float32Array;
  predicted: Uint8Array;
}

export function stabilityByMonth({ periods, month, labels, scores, predicted }: StabilityInput): MonthStability[] {
  const members = new Map<number, number[]>();
  for (let j = 0; j < month.length; j++) {
    const m = month[j]!;
    let list = members.get(m);
    if (!list) members.set(m, (list = []));
    list.push(j);
  }
  return [...members.keys()]
    .sort((a, b) => a - b)
    .map((m) => {
      const idx = members.get(m)!;
      const s = Float32Array.from(idx, (j) => scores[j]!);
      const y = Uint8Array.from(idx, (j) => labels[j]!);
      const metrics = classificationMetrics(
        confusionOf(
          Uint8Array.from(idx, (j) => predicted[j]!),
          y,
        ),
      );
      return {
        period: periods[m]!,
        snapshots: idx.length,
        churned: metrics.positives,
        precision: metrics.precision,
        recall: metrics.recall,
        auc: thresholdFree(s, y, rankByScore(s), undefined, false).auc,
      };
    });
}
