/**
 * Threshold-free metrics: every distinct score is a threshold ("at risk when
 * score ≤ t"). Ties are one threshold, as in scikit-learn, so ROC AUC equals
 * roc_auc_score(y, -score) and average precision equals
 * average_precision_score(y, -score).
 */
export interface CurvePoint {
  x: number;
  y: number;
  threshold: number;
}

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

/**
 * @param order riskiest-first order (rankByScore)
 * @param weights optional multiplicity per row (bootstrap); default 1
 */
export function thresholdFree(
  scores: Float32Array,
  labels: Uint8Array,
  order: Uint32Array,
  weights?: Float64Array | Uint32Array,
  curves = true,
): ThresholdFreeMetrics {
  let P = 0,
    N = 0;
  for (let i = 0; i < order.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (labels[i] === 1) P += w;
    else N += w;
  }
  // Cumulative counts at each distinct score; points become objects only after thinning.
  const cumTp = curves ? new Float64Array(order.length) : null;
  const cumFp = curves ? new Float64Array(order.length) : null;
  const cut = curves ? new Float32Array(order.length) : null;
  let points = 0;
  let tp = 0,
    fp = 0,
    prevTp = 0,
    prevFp = 0;
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
    if (cumTp && cumFp && cut) {
      cumTp[points] = tp;
      cumFp[points] = fp;
      cut[points++] = s;
    }
    prevTp = tp;
    prevFp = fp;
  }
  const roc: CurvePoint[] = [];
  const pr: CurvePoint[] = [];
  if (cumTp && cumFp && cut) {
    roc.push({ x: 0, y: 0, threshold: Number.NEGATIVE_INFINITY });
    const max = Math.min(points, CURVE_POINTS - 1);
    const step = max > 1 ? (points - 1) / (max - 1) : 1;
    for (let q = 0; q < max; q++) {
      const j = Math.round(q * step);
      const t = cumTp[j]!,
        f = cumFp[j]!;
      roc.push({ x: N > 0 ? f / N : 0, y: P > 0 ? t / P : 0, threshold: cut[j]! });
      pr.push({ x: P > 0 ? t / P : 0, y: t + f > 0 ? t / (t + f) : 1, threshold: cut[j]! });
    }
  }
  return {
    positives: P,
    negatives: N,
    auc: P > 0 && N > 0 ? auc2 / (2 * P * N) : null,
    averagePrecision: P > 0 ? ap : null,
    roc,
    pr,
  };
}
