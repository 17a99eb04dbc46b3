/**
 * Scores reduced to 1-point bins: per segment × outcome for the backtest, per
 * month for the portfolio view. A cut-point or at-risk change is then answered
 * from ~101 counts per cell instead of a rescan of every snapshot.
 */
import type { SnapshotFrame } from '../snapshots/frame.js';
import { outcomeAt } from '../snapshots/frame.js';
import { scoreBin } from '../scoring/tiers.js';

export const BINS = 101;

export interface ScoreHistograms {
  horizonDays: number;
  segments: number;
  months: number;
  /** counts[((segment * 2) + outcome) * BINS + bin], evaluated (uncensored, scored) snapshots only. */
  backtest: Int32Array;
  /** counts[month * BINS + bin], every scored snapshot. */
  portfolio: Int32Array;
  /** Snapshots excluded from the backtest because their horizon is not yet observed. */
  censored: number;
  /** Snapshots with no score (every category missing under the re-weight policy). */
  unscored: number;
  /** Months that contribute at least one evaluated snapshot. */
  evaluatedMonths: Uint8Array;
  sumScore: Float64Array;
}

export function buildHistograms(frame: SnapshotFrame, scores: Float32Array, horizonDays: number): ScoreHistograms {
  const segments = frame.meta.segments.length;
  const months = frame.meta.months.length;
  const backtest = new Int32Array(segments * 2 * BINS);
  const portfolio = new Int32Array(months * BINS);
  const evaluatedMonths = new Uint8Array(months);
  const sumScore = new Float64Array(months);
  let censored = 0;
  let unscored = 0;
  for (let i = 0; i < frame.n; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s)) {
      unscored++;
      continue;
    }
    const bin = scoreBin(s);
    const m = frame.month[i]!;
    portfolio[m * BINS + bin]!++;
    sumScore[m]! += s;
    const y = outcomeAt(frame, i, horizonDays);
    if (y < 0) {
      censored++;
      continue;
    }
    backtest[(frame.segment[i]! * 2 + y) * BINS + bin]!++;
    evaluatedMonths[m] = 1;
  }
  return { horizonDays, segments, months, backtest, portfolio, censored, unscored, evaluatedMonths, sumScore };
}
