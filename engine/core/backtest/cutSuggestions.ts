/**
 * Suggested cut points for "at risk when score < T", read off the evaluated
 * score histogram: the T with the best F1, the T reaching the target recall
 * with the best precision, and the T with the lowest cost of errors.
 *
 * Only cuts whose at-risk set churns clearly more than the portfolio are
 * candidates (precision at least MIN_LIFT × the base rate): at a high base
 * rate the best F1 or the lowest cost is otherwise "flag almost everyone",
 * which tells the team nothing and buries them in playbooks.
 */
import type { BacktestSettings, CutSuggestion } from '../api/schema.js';
import { BINS } from './histograms.js';
import { classificationMetrics } from './metrics.js';

/** A suggested at-risk set must churn at least 20 % more often than the portfolio as a whole. */
export const MIN_LIFT = 1.2;

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
  const baseRate = P + N > 0 ? P / (P + N) : 0;
  let tp = 0,
    fp = 0;
  let bestF1 = { t: -1, v: -1 };
  let bestRecall = { t: -1, v: -1 };
  let bestCost = { t: -1, v: Number.POSITIVE_INFINITY };
  // Whether any cut reached the goal at all, before the lift guard: to say why none is suggested.
  let recallReachable = false;
  const at = new Map<number, { tp: number; fp: number }>();
  // T = 100 puts every score below 100 at risk; a cut point cannot go higher.
  for (let t = 1; t <= 100; t++) {
    tp += pos[t - 1]!;
    fp += neg[t - 1]!;
    at.set(t, { tp, fp });
    const fn = P - tp;
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const reachesRecall = P > 0 && tp / P >= s.targetRecall - 1e-12;
    recallReachable ||= reachesRecall;
    if (tp === 0 || precision < MIN_LIFT * baseRate - 1e-12) continue;
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    if (f1 > bestF1.v) bestF1 = { t, v: f1 };
    if (reachesRecall && precision > bestRecall.v) bestRecall = { t, v: precision };
    const cost = s.costMissed * fn + s.costNeedless * fp;
    if (cost < bestCost.v) bestCost = { t, v: cost };
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const noLift = `no cut point gives an at-risk set that churns at least ${MIN_LIFT}× the base rate of ${pct(baseRate)}; every candidate flags accounts little better than at random`;
  const describe = (goal: CutSuggestion['goal'], t: number, cost: number | null, why: string): CutSuggestion => {
    if (t < 0 || P + N === 0)
      return { goal, threshold: null, metrics: null, cost: null, flaggedShare: null, note: P + N === 0 ? null : why };
    const c = at.get(t)!;
    return {
      goal,
      threshold: t,
      metrics: classificationMetrics({ tp: c.tp, fp: c.fp, fn: P - c.tp, tn: N - c.fp }),
      cost,
      flaggedShare: (c.tp + c.fp) / (P + N),
      note: null,
    };
  };
  return [
    describe('max-f1', P > 0 ? bestF1.t : -1, null, P > 0 ? noLift : 'no churners in the window'),
    describe(
      'target-recall',
      bestRecall.t,
      null,
      recallReachable
        ? `reaching ${pct(s.targetRecall)} recall needs a cut whose at-risk set churns less than ${MIN_LIFT}× the base rate of ${pct(baseRate)}; lower the target recall`
        : `no cut point reaches ${pct(s.targetRecall)} recall`,
    ),
    describe('min-cost', bestCost.t, bestCost.v, noLift),
  ];
}

/** Accounts at the as-of date a cut would put at risk: those scoring below it. */
export function accountsBelow(histogram: readonly number[], threshold: number): number {
  let n = 0;
  for (let b = 0; b < Math.min(threshold, histogram.length); b++) n += histogram[b]!;
  return n;
}
