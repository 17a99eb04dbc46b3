/**
 * The Cochran–Armitage test for a trend in proportions: does the churn rate
 * rise along the tiers, healthiest to worst, by more than chance? Judging
 * the order of the rates alone calls 0 % (4 accounts) / 25.5 % / 26.1 %
 * "monotonic"; the test weighs each tier by its size.
 *
 *   p̄ = R / N,  T = Σ tᵢ (rᵢ − nᵢ p̄),
 *   Var T = p̄ (1 − p̄) [Σ tᵢ² nᵢ − (Σ tᵢ nᵢ)² / N],  Z = T / √Var T,
 *
 * with tᵢ the tier's position (0 for the healthiest). One-sided: the score
 * is meant to make churn rise, so only a rise counts.
 */
import { normalUpperTail } from './normal.js';

export interface TrendTest {
  z: number;
  /** One-sided p-value for a rising trend: P(Z ≥ z) under no trend. */
  pValue: number;
}

/**
 * counts[i] and events[i] per group in order; scores default to 0, 1, 2, …
 * Null when the test is undefined: no events, no non-events, or every
 * observation in one group (no variance to test against).
 */
export function cochranArmitage(
  counts: readonly number[],
  events: readonly number[],
  scores: readonly number[] = counts.map((_, i) => i),
): TrendTest | null {
  let N = 0,
    R = 0;
  for (let i = 0; i < counts.length; i++) {
    N += counts[i]!;
    R += events[i]!;
  }
  if (N === 0 || R === 0 || R === N) return null;
  const p = R / N;
  let T = 0,
    stn = 0,
    st2n = 0;
  for (let i = 0; i < counts.length; i++) {
    const t = scores[i]!,
      n = counts[i]!;
    T += t * (events[i]! - n * p);
    stn += t * n;
    st2n += t * t * n;
  }
  const variance = p * (1 - p) * (st2n - (stn * stn) / N);
  if (!(variance > 1e-12 * N)) return null;
  const z = T / Math.sqrt(variance);
  return { z, pValue: normalUpperTail(z) };
}
