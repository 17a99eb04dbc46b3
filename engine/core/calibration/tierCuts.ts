/**
 * Cut points for a fitted score, chosen on the fitting months: the worst tier
 * is the at-risk set with the best F1 among those that churn clearly more than
 * average (the guarded cut suggestion), and the tiers above it share the rest
 * of the snapshots equally, so every tier holds accounts and the healthiest
 * is the healthiest third (of three) of what is left.
 */
import type { TierScheme } from '../api/schema.js';
import { suggestCuts } from '../backtest/cutSuggestions.js';
import { BINS } from '../backtest/histograms.js';
import { scoreBin } from '../scoring/tiers.js';

export interface FittedCuts {
  scheme: TierScheme;
  /** How the worst tier's upper bound was chosen, in plain words. */
  note: string;
}

export function fitTierCuts(scheme: TierScheme, scores: Float32Array, labels: Uint8Array): FittedCuts {
  const pos = new Float64Array(BINS);
  const neg = new Float64Array(BINS);
  const counts = new Float64Array(BINS);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s !== s) continue;
    const b = scoreBin(s);
    counts[b]!++;
    if (labels[i]) pos[b]!++;
    else neg[b]!++;
  }
  const k = scheme.tiers.length;
  const best = suggestCuts(pos, neg, { targetRecall: 1, costMissed: 1, costNeedless: 1 })[0]!;
  const total = counts.reduce((a, b) => a + b, 0);
  // Without a guarded cut, the worst tier is the lowest 1/k of the snapshots, like every other tier.
  const atRisk = best.threshold ?? quantileBin(counts, total / k);
  let above = 0;
  for (let b = atRisk; b < BINS; b++) above += counts[b]!;
  const below = total - above;
  const mins = new Array<number>(k).fill(0);
  mins[k - 2] = atRisk;
  for (let t = k - 3; t >= 0; t--) {
    const share = (k - 2 - t) / (k - 1);
    mins[t] = Math.max(mins[t + 1]! + 1, quantileBin(counts, below + above * share));
  }
  // Keep every cut point within 1..100 and strictly decreasing from the healthiest tier down.
  for (let t = 0; t <= k - 2; t++) mins[t] = Math.min(mins[t]!, 100 - t);
  for (let t = k - 2; t >= 0; t--) if (t < k - 2 && mins[t]! <= mins[t + 1]!) mins[t] = mins[t + 1]! + 1;
  const tiers = scheme.tiers.map((tier, t) => ({ ...tier, min: t === k - 1 ? 0 : mins[t]! }));
  const m = best.metrics;
  const note =
    best.threshold !== null && m
      ? `${scheme.tiers[k - 1]!.name} below ${atRisk}: the best F1 on the fitting months among cuts whose at-risk set churns at least 1.2× the average (precision ${pct(m.precision)} against a base rate of ${pct(m.baseRate)}, recall ${pct(m.recall)}).`
      : `${scheme.tiers[k - 1]!.name} below ${atRisk}: the lowest ${Math.round(100 / k)} % of the fitting months' snapshots (no cut singled out accounts that churn clearly more than average).`;
  return { scheme: { ...scheme, tiers }, note };
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

/** The smallest bin b ≥ 1 with at least `target` snapshots below it. */
function quantileBin(counts: Float64Array, target: number): number {
  let acc = 0;
  for (let b = 0; b < BINS - 1; b++) {
    acc += counts[b]!;
    if (acc >= target) return Math.max(1, b + 1);
  }
  return 100;
}
