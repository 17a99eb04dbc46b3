/**
 * Threshold-free metrics: every distinct score is a threshold ("at risk when
 * score ≤ t"). Ties are one threshold, as in scikit-learn, so ROC AUC equals
 * roc_auc_score(y, -score) and average precision equals
 * average_precision_score(y, -score).
 */
export interface CurvePoint { x: number; y: number; threshold: number }

export interface ThresholdFreeMetrics {
  positives: number;
  negatives: number;
  /** ROC AUC; null when either class is absent. */
  auc: number | null;
  /** Average precision; null without churners. */
  averagePrecision: number | null;
  /** Display-sized curves (x = FPR / recall, y = TPR / precision); full resolution is used for the areas. */
  roc: CurvePoint[];
  pr: CurvePoint[];
}

export const CURVE_POINTS = 240;

function thin(points: CurvePoint[], max: number): CurvePoint[] {
  if (points.length <= max) return points;
  const out: CurvePoint[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(points[Math.round(k * step)]!);
  return out;
}

/**
 * @param order riskiest-first order (rankByScore)
 * @param weights optional multiplicity per row (bootstrap); default 1
 */
export function thresholdFree(scores: Float32Array, labels: Uint8Array, order: Uint32Array, weights?: Float64Array | Uint32Array, curves = true): ThresholdFreeMetrics {
  let P = 0, N = 0;
  for (let i = 0; i < order.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (labels[i] === 1) P += w;
    else N += w;
  }
  const roc: CurvePoint[] = curves ? [{ x: 0, y: 0, threshold: Number.NEGATIVE_INFINITY }] : [];
  const pr: CurvePoint[] = [];
  let tp = 0, fp = 0, prevTp = 0, prevFp = 0;
  let auc2 = 0; // twice the area, summed as trapezoids
  let ap = 0;
  let k = 0;
  while (k < order.length) {
    const s = scores[order[k]!]!;
    while (k < order.length && scores[order[k]!]! === s) {
      const i = order[k]!;
      const w = weights ? weights[i]! : 1;
      if (labels[i] === 1) tp += w;
      else fp += w;
      k++;
    }
    if (tp === prevTp && fp === prevFp) continue; // a group of zero-weight rows
    auc2 += (fp - prevFp) * (tp + prevTp);
    if (P > 0 && tp + fp > 0) ap += ((tp - prevTp) / P) * (tp / (tp + fp));
    if (curves) {
      roc.push({ x: N > 0 ? fp / N : 0, y: P > 0 ? tp / P : 0, threshold: s });
      pr.push({ x: P > 0 ? tp / P : 0, y: tp + fp > 0 ? tp / (tp + fp) : 1, threshold: s });
    }
    prevTp = tp;
    prevFp = fp;
  }
  return {
    positives: P,
    negatives: N,
    auc: P > 0 && N > 0 ? auc2 / (2 * P * N) : null,
    averagePrecision: P > 0 ? ap : null,
    roc: thin(roc, CURVE_POINTS),
    pr: thin(pr, CURVE_POINTS),
  };
}
