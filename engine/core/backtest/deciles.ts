/**
 * Calibration by score decile and cumulative gains. Snapshots are split into
 * ten equal groups by rank (riskiest first, ties by position): decile 1 holds
 * the lowest-scored tenth. Rank-based so every decile has the same size even
 * when many snapshots share a score.
 */
export interface DecileRow {
  decile: number;
  count: number;
  churned: number;
  churnRate: number | null;
  minScore: number | null;
  maxScore: number | null;
  /** Share of all churners caught in this and the riskier deciles. */
  cumulativeGain: number | null;
  /** Share of snapshots in this and the riskier deciles. */
  cumulativeShare: number;
}

export interface DecileMetrics {
  deciles: DecileRow[];
  /** Churn rate of the riskiest decile over the base rate. */
  topDecileLift: number | null;
}

export function decileMetrics(scores: Float32Array, labels: Uint8Array, order: Uint32Array): DecileMetrics {
  const n = order.length;
  const count = new Array<number>(10).fill(0);
  const churned = new Array<number>(10).fill(0);
  const lo = new Array<number>(10).fill(Number.POSITIVE_INFINITY);
  const hi = new Array<number>(10).fill(Number.NEGATIVE_INFINITY);
  let positives = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    const d = Math.floor((10 * r) / n);
    count[d]!++;
    if (labels[i] === 1) {
      churned[d]!++;
      positives++;
    }
    const s = scores[i]!;
    if (s < lo[d]!) lo[d] = s;
    if (s > hi[d]!) hi[d] = s;
  }
  let cumCount = 0,
    cumChurn = 0;
  const deciles = count.map((c, d) => {
    cumCount += c;
    cumChurn += churned[d]!;
    return {
      decile: d + 1,
      count: c,
      churned: churned[d]!,
      churnRate: c > 0 ? churned[d]! / c : null,
      minScore: c > 0 ? lo[d]! : null,
      maxScore: c > 0 ? hi[d]! : null,
      cumulativeGain: positives > 0 ? cumChurn / positives : null,
      cumulativeShare: n > 0 ? cumCount / n : 0,
    };
  });
  const base = n > 0 ? positives / n : 0;
  const top = deciles[0]!.churnRate;
  return { deciles, topDecileLift: top !== null && base > 0 ? top / base : null };
}
