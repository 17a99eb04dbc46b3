/** The portfolio at the as-of date: accounts per configuration and score bin, and the CSM overrides in force. */
import type { ResolvedConfiguration } from '../model/configurations.js';
import { combineScores } from '../scoring/score.js';
import { scoreBin } from '../scoring/tiers.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { BINS } from './histograms.js';
import type { Scored } from './scorer.js';
import type { PortfolioAt } from './stages.js';

/** No accounts (the as-of date is not a snapshot date). A declaration, not an arrow constant: Stryker switches its mutants per test. */
export function emptyPortfolio(layers: number): PortfolioAt {
  return { counts: new Int32Array(layers * BINS), sum: 0 };
}

/** Period m's accounts from the full-frame histograms. */
export function portfolioFromHistograms(scored: Scored, m: number, layers: number): PortfolioAt {
  const counts = new Int32Array(layers * BINS);
  counts.set(scored.portfolio.counts.subarray(m * layers * BINS, (m + 1) * layers * BINS));
  return { counts, sum: scored.portfolio.sumScore[m]! };
}

/**
 * The accounts of frame rows [from, to) (one period's, contiguous) scored by
 * one configuration: the shared combine on views of the filled columns.
 */
export function portfolioOfRows(
  filled: readonly Float32Array[],
  c: ResolvedConfiguration,
  from: number,
  to: number,
): PortfolioAt {
  const counts = new Int32Array(BINS);
  const views = filled.map((col) => col.subarray(from, to));
  const scores = combineScores(
    views,
    c.categories.map((x) => x.weight),
    c.missing,
    to - from,
    views,
  );
  let sum = 0;
  for (const f of scores) {
    counts[scoreBin(f)]!++;
    sum += f;
  }
  return { counts, sum };
}

/** First frame row of each period (rows are ordered by period), and one past the last at [periods]. */
export function periodStarts(frame: SnapshotFrame): Uint32Array {
  const np = frame.meta.periods.length;
  const start = new Uint32Array(np + 1).fill(frame.n);
  for (let i = frame.n - 1; i >= 0; i--) start[frame.period[i]!] = i;
  for (let q = np - 1; q >= 0; q--) if (start[q]! > start[q + 1]!) start[q] = start[q + 1]!;
  return start;
}

/** Per period: accounts with an override in force, and all accounts. */
export interface OverrideCounts {
  active: Int32Array;
  accounts: Int32Array;
}

export function overrideCounts(frame: SnapshotFrame): OverrideCounts {
  const np = frame.meta.periods.length;
  const active = new Int32Array(np);
  const accounts = new Int32Array(np);
  for (let i = 0; i < frame.n; i++) {
    const p = frame.period[i]!;
    accounts[p]!++;
    if (frame.overrideIdx[i]! >= 0) active[p]!++;
  }
  return { active, accounts };
}

/** Accounts with an override in force at period m and their share (m < 0: none). */
export function overridesAt(counts: OverrideCounts, m: number): { active: number; rate: number } {
  if (m < 0) return { active: 0, rate: 0 };
  const a = counts.active[m]!;
  const n = counts.accounts[m]!;
  return { active: a, rate: n > 0 ? a / n : 0 };
}
