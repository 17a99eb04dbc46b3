/**
 * A CS team can work only K accounts a month. Working the K lowest-scored
 * accounts of every month, what share of the churners is reached, and how
 * large must K be to reach a target recall?
 */
export interface CapacityMetrics {
  k: number;
  /** Share of churners that were among their month's K lowest scores. */
  recallAtK: number | null;
  churnersCaught: number;
  churners: number;
  targetRecall: number;
  /** Smallest K whose recall reaches the target; null when no K does (no churners). */
  kForTarget: number | null;
  /** Recall for K = 0..largest month, thinned for display. */
  curve: { k: number; recall: number }[];
}

export function capacityMetrics(
  labels: Uint8Array,
  month: Uint16Array | Uint32Array,
  months: number,
  order: Uint32Array,
  k: number,
  targetRecall: number,
): CapacityMetrics {
  const seen = new Uint32Array(months);
  const catchesAtRank: number[] = [];
  let churners = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    const rank = seen[month[i]!]!++;
    if (labels[i] === 1) {
      churners++;
      catchesAtRank[rank] = (catchesAtRank[rank] ?? 0) + 1;
    }
  }
  const maxK = seen.reduce((m, x) => Math.max(m, x), 0);
  const cum = new Float64Array(maxK + 1); // cum[K] = churners within the first K of their month
  for (let r = 0; r < maxK; r++) cum[r + 1] = cum[r]! + (catchesAtRank[r] ?? 0);
  const kk = Math.max(0, Math.min(Math.floor(k), maxK));
  let kForTarget: number | null = null;
  if (churners > 0) {
    for (let K = 0; K <= maxK; K++) {
      if (cum[K]! / churners >= targetRecall - 1e-12) {
        kForTarget = K;
        break;
      }
    }
  }
  const curve: { k: number; recall: number }[] = [];
  const step = Math.max(1, Math.ceil(maxK / 200));
  for (let K = 0; K <= maxK; K += step) curve.push({ k: K, recall: churners > 0 ? cum[K]! / churners : 0 });
  if (curve[curve.length - 1]?.k !== maxK) curve.push({ k: maxK, recall: churners > 0 ? cum[maxK]! / churners : 0 });
  return {
    k: kk,
    recallAtK: churners > 0 ? cum[kk]! / churners : null,
    churnersCaught: cum[kk]!,
    churners,
    targetRecall,
    kForTarget,
    curve,
  };
}
