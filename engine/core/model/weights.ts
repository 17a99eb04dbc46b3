/**
 * Category weights are whole percentages that always sum to 100. Moving one
 * weight rebalances the unlocked others in proportion to their current values.
 */

export interface WeightSlot {
  weight: number;
  locked: boolean;
}

/** Largest-remainder rounding of non-negative shares to integers summing to `total`. */
export function roundToTotal(shares: readonly number[], total: number): number[] {
  const floors = shares.map((s) => Math.floor(s));
  let rest = total - floors.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, frac: s - Math.floor(s) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; rest > 0 && order.length > 0; k = (k + 1) % order.length, rest--) floors[order[k]!.i]! += 1;
  return floors;
}

/**
 * Set slot `index` to `value` (clamped to what the locked weights leave) and
 * spread the remainder over the other unlocked slots, proportionally to their
 * current weights (equally when they are all zero). Returns new weights.
 */
export function rebalanceWeights(slots: readonly WeightSlot[], index: number, value: number): number[] {
  const current = slots.map((s) => s.weight);
  const lockedSum = slots.reduce((s, slot, i) => (i !== index && slot.locked ? s + slot.weight : s), 0);
  const free = slots.map((s, i) => i !== index && !s.locked);
  const freeIdx = free.flatMap((f, i) => (f ? [i] : []));
  const max = 100 - lockedSum;
  // With nothing free to absorb the change the weight cannot move.
  if (freeIdx.length === 0) return current;
  const target = Math.round(Math.min(Math.max(value, 0), max));
  const remainder = max - target;
  const freeSum = freeIdx.reduce((s, i) => s + current[i]!, 0);
  const shares = freeIdx.map((i) => (freeSum > 0 ? (current[i]! / freeSum) * remainder : remainder / freeIdx.length));
  const rounded = roundToTotal(shares, remainder);
  const out = [...current];
  out[index] = target;
  freeIdx.forEach((i, k) => (out[i] = rounded[k]!));
  return out;
}

/** Normalise arbitrary non-negative weights to integers summing to 100. */
export function normaliseWeights(weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0)
    return roundToTotal(
      weights.map(() => 100 / weights.length),
      100,
    );
  return roundToTotal(
    weights.map((w) => (w / sum) * 100),
    100,
  );
}
