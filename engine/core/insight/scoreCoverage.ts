/**
 * How well an imported score history (the CS platform's own score) covers the
 * snapshots: at the latest snapshot, how many accounts have a score in force; over
 * every snapshot, the share with one. "In force" is the frame's rule (the latest
 * score dated on or before the snapshot, at most staleDays old), so these are the
 * figures Compare's "Your current score" is judged on.
 */
import type { ScoreCoverage } from '../api/importSchema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

/** Null when the frame carries no imported score. */
export function scoreCoverage(frame: SnapshotFrame): ScoreCoverage | null {
  const meta = frame.meta.currentScore;
  const score = frame.currentScore;
  if (!meta || !score) return null;
  const latest = frame.meta.periods.length - 1;
  let accountsAtLatest = 0;
  let scoredAtLatest = 0;
  let scoredSnapshots = 0;
  for (let i = 0; i < frame.n; i++) {
    const scored = !Number.isNaN(score[i]!);
    if (scored) scoredSnapshots++;
    if (frame.period[i] === latest) {
      accountsAtLatest++;
      if (scored) scoredAtLatest++;
    }
  }
  return {
    staleDays: meta.staleDays,
    latestSnapshot: frame.meta.periods[latest] ?? '',
    accountsAtLatest,
    scoredAtLatest,
    snapshots: frame.n,
    scoredSnapshots,
  };
}
