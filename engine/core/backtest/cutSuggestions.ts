/**
 * Suggested cut points for "at risk when score < T", read off the evaluated
 * score histogram: the T with the best F1, the T reaching the target recall
 * with the best precision, and the T with the lowest cost of errors.
 */
import type { BacktestSettings, CutSuggestion } from '../api/schema.js';
import { BINS } from './histograms.js';
import { classificationMetrics } from './metrics.js';

/** @param pos, neg churners / stayers per score bin */
export function suggestCuts(
  pos: ArrayLike<number>,
  neg: ArrayLike<number>,
  s: Pick<BacktestSettings, 'targetRecall' | 'costMissed' | 'costNeedless'>,
): CutSuggestion[] {
  let P = 0,
    N = 0;
  for (let b = 0; b < BINS; b++) {
    P += pos[b]!;
    N += neg[b]!;
  }
  let tp = 0,
    fp = 0;
  let bestF1 = { t: -1, v: -1 };
  let bestRecall = { t: -1, v: -1 };
  let bestCost = { t: -1, v: Number.POSITIVE_INFINITY };
  const at = new Map<number, { tp: number; fp: number }>();
  // T = 100 puts every score below 100 at risk; a cut point cannot go higher.
  for (let t = 1; t <= 100; t++) {
    tp += pos[t - 1]!;
    fp += neg[t - 1]!;
    at.set(t, { tp, fp });
    const fn = P - tp;
    const f1 = 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
    if (f1 > bestF1.v) bestF1 = { t, v: f1 };
    if (P > 0 && tp / P >= s.targetRecall - 1e-12) {
      const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
      if (precision > bestRecall.v) bestRecall = { t, v: precision };
    }
    const cost = s.costMissed * fn + s.costNeedless * fp;
    if (cost < bestCost.v) bestCost = { t, v: cost };
  }
  const describe = (goal: CutSuggestion['goal'], t: number, cost: number | null): CutSuggestion => {
    if (t < 0 || P + N === 0) return { goal, threshold: null, metrics: null, cost: null };
    const c = at.get(t)!;
    return {
      goal,
      threshold: t,
      metrics: classificationMetrics({ tp: c.tp, fp: c.fp, fn: P - c.tp, tn: N - c.fp }),
      cost,
    };
  };
  return [
    describe('max-f1', P > 0 ? bestF1.t : -1, null),
    describe('target-recall', bestRecall.t, null),
    describe('min-cost', bestCost.t, bestCost.v),
  ];
}
