/**
 * Scores reduced to 1-point bins. A cut-point or at-risk change is then
 * answered from ~101 counts per group instead of a rescan of every snapshot.
 */
import type { SnapshotFrame } from '../snapshots/frame.js';
import { scoreBin } from '../scoring/tiers.js';

export const BINS = 101;

export interface PortfolioHistograms {
  /** counts[(month * layers + configuration) * BINS + bin] of every scored snapshot. */
  counts: Int32Array;
  /** Configurations the counts are split by (1 without variants). */
  layers: number;
  sumScore: Float64Array;
}

/**
 * Every snapshot's score bin (-1 unscored) and the per-period histograms, in
 * one pass; split by configuration, whose cut points may differ.
 */
export function binScores(
  frame: SnapshotFrame,
  scores: Float32Array,
  assigned: Uint8Array | null = null,
  layers = 1,
): { bins: Int16Array; portfolio: PortfolioHistograms } {
  const periods = frame.meta.periods.length;
  const counts = new Int32Array(periods * layers * BINS);
  const sumScore = new Float64Array(periods);
  const bins = new Int16Array(frame.n);
  for (let i = 0; i < frame.n; i++) {
    const s = scores[i]!;
    if (s !== s) {
      bins[i] = -1;
      continue;
    }
    const b = scoreBin(s);
    bins[i] = b;
    const m = frame.period[i]!;
    counts[(m * layers + (assigned ? assigned[i]! : 0)) * BINS + b]!++;
    sumScore[m]! += s;
  }
  return { bins, portfolio: { counts, layers, sumScore } };
}
