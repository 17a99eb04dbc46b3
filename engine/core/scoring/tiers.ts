import type { TierScheme } from '../api/schema.js';

/** Index of the tier a score falls in (tiers are healthiest first); -1 for an unscored (NaN) account. */
export function tierIndex(score: number, scheme: TierScheme): number {
  if (Number.isNaN(score)) return -1;
  const tiers = scheme.tiers;
  for (let t = 0; t < tiers.length; t++) if (score >= tiers[t]!.min) return t;
  return tiers.length - 1;
}

/** 1-point score bin (0..100) used by the histograms; integer cut points make bins and tiers agree exactly. */
export function scoreBin(score: number): number {
  const b = Math.floor(score);
  return b < 0 ? 0 : b > 100 ? 100 : b;
}

/** Tier index of every bin 0..100. */
export function tierOfBins(scheme: TierScheme): Int8Array {
  const out = new Int8Array(101);
  for (let b = 0; b <= 100; b++) out[b] = tierIndex(b, scheme);
  return out;
}
