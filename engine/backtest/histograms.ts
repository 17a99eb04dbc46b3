/**
 * Scores reduced to 1-point bins. A cut-point or at-risk change is then
 * answered from ~101 counts per group instead of a rescan of every snapshot.
 */
import type { SnapshotFrame } from '../snapshots/frame.js';
import { scoreBin } from '../scoring/tiers.js';

export const BINS = 101;

export interface PortfolioHistograms {
  /** counts[month * BINS + bin] of every scored snapshot. */
  counts: Int32Array;
  sumScore: Float64Array;
  unscored: number;
}

export function portfolioHistograms(frame: SnapshotFrame, scores: Float32Array): PortfolioHistograms {
  const months = frame.meta.periods.length;
  const counts = new Int32Array(months * BINS);
  const sumScore = new Float64Array(months);
  let unscored = 0;
  for (let i = 0; i < frame.n; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s)) {
      unscored++;
      continue;
    }
    const m = frame.period[i]!;
    counts[m * BINS + scoreBin(s)]!++;
    sumScore[m]! += s;
  }
  return { counts, sumScore, unscored };
}
