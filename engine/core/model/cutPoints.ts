import type { TierScheme } from '../api/schema.js';

/**
 * Move the lower bound of tier `index` (not the last tier, which starts at 0)
 * to `value`, clamped strictly between its neighbours so tiers stay ordered
 * and none becomes empty of score range.
 */
export function setCutPoint(scheme: TierScheme, index: number, value: number): TierScheme {
  const tiers = scheme.tiers;
  if (index < 0 || index >= tiers.length - 1) return scheme;
  const upper = index === 0 ? 100 : tiers[index - 1]!.min - 1;
  const lower = tiers[index + 1]!.min + 1;
  const min = Math.min(Math.max(Math.round(value), lower), upper);
  return { ...scheme, tiers: tiers.map((t, i) => (i === index ? { ...t, min } : t)) };
}
