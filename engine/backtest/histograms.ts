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

/** Every snapshot's score bin (-1 unscored) and the per-period histograms, in one pass. */
export function binScores(frame: SnapshotFrame, scores: Float32Array): { bins: Int16Array; portfolio: PortfolioHistograms } {
  const periods = frame.meta.periods.length;
  const counts = new Int32Array(periods * BINS);
  const sumScore = new Float64Array(periods);
  const bins = new Int16Array(frame.n);
  let unscored = 0;
  for (let i = 0; i < frame.n; i++) {
    const s = scores[i]!;
    if (s !== s) {
      unscored++;
      bins[i] = -1;
      continue;
    }
    const b = scoreBin(s);
    bins[i] = b;
    const m = frame.period[i]!;
    counts[m * BINS + b]!++;
    sumScore[m]! += s;
  }
  return { bins, portfolio: { counts, sumScore, unscored } };
}
