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

export interface ClusteredTrendTest extends TrendTest {
  /** Clusters (accounts) the observations came from. */
  clusters: number;
  /** Observations (snapshots) tested. */
  observations: number;
  /** The snapshot-level z, as if every snapshot were a different account. */
  snapshotZ: number;
  /** How many times larger the score's variance is with each account's snapshots counted together (≥ 1 as applied). */
  designEffect: number;
}

/** One observation per index: its group (tier index; -1 leaves it out), event (0/1) and cluster (account index). */
export interface ClusteredObservations {
  group: ArrayLike<number>;
  event: ArrayLike<number>;
  cluster: ArrayLike<number>;
  /** Groups 0..groups − 1, in trend order. */
  groups: number;
  /** Clusters are 0..clusters − 1. */
  clusters: number;
}

/**
 * The trend test for snapshots that repeat accounts. An account sits in many
 * monthly snapshots, mostly in the same tier and with the same outcome, so
 * the classical test counts each account's evidence many times over and its
 * p-value is far too small.
 *
 * Why this correction (a Rao–Scott first-order design effect on the score):
 * the score T = Σ (t − t̄)(y − p̄) over snapshots is unchanged; its variance is
 * the classical one times the design effect
 *
 *   d = [G/(G−1) Σ_accounts (Σ_its snapshots u)²] / [N/(N−1) Σ_snapshots u²],  u = (t − t̄)(y − p̄),
 *
 * the cluster-robust variance of T over the same sandwich computed as if
 * every snapshot were its own account. With one snapshot per account d = 1
 * exactly, so the classical (textbook) test is kept; an account repeated k
 * times unchanged leaves z unchanged instead of multiplying it by √k. It
 * matches the plain cluster-robust score test (T / √(G/(G−1) Σ_accounts …))
 * under no trend, while keeping the classical p̄(1 − p̄) variance, which is
 * steadier than a sandwich when the tiers are unequal. A d below 1 (an
 * account's snapshots less alike than strangers') is taken as 1: the test is
 * never more sure than the snapshot-level one.
 *
 * Group scores are positions among the non-empty groups (0, 1, 2, … skipping
 * empty tiers), as the verdict reads the tier table. Null when undefined:
 * no event, no non-event, every snapshot in one group, or a single account.
 */
export function clusteredCochranArmitage(o: ClusteredObservations): ClusteredTrendTest | null {
  const counts = new Array<number>(o.groups).fill(0);
  const events = new Array<number>(o.groups).fill(0);
  const n = o.group.length;
  for (let j = 0; j < n; j++) {
    const g = o.group[j]!;
    if (g < 0) continue;
    counts[g]!++;
    events[g]! += o.event[j]!;
  }
  const position = new Array<number>(o.groups).fill(-1);
  let next = 0;
  for (let g = 0; g < o.groups; g++) if (counts[g]! > 0) position[g] = next++;
  const kept = counts.flatMap((c, g) => (c > 0 ? [g] : []));
  const naive = cochranArmitage(
    kept.map((g) => counts[g]!),
    kept.map((g) => events[g]!),
  );
  if (!naive) return null;

  let N = 0,
    R = 0,
    st = 0;
  for (const g of kept) {
    N += counts[g]!;
    R += events[g]!;
    st += position[g]! * counts[g]!;
  }
  const p = R / N,
    tBar = st / N;
  const perCluster = new Float64Array(o.clusters);
  const seen = new Uint8Array(o.clusters);
  let G = 0,
    independent = 0;
  for (let j = 0; j < n; j++) {
    const g = o.group[j]!;
    if (g < 0) continue;
    const u = (position[g]! - tBar) * (o.event[j]! - p);
    const c = o.cluster[j]!;
    perCluster[c]! += u;
    independent += u * u;
    if (seen[c] === 0) {
      seen[c] = 1;
      G++;
    }
  }
  if (G < 2) return null;
  let clustered = 0;
  for (let c = 0; c < o.clusters; c++) clustered += perCluster[c]! * perCluster[c]!;
  const raw = ((G / (G - 1)) * clustered) / ((N / (N - 1)) * independent);
  const designEffect = Math.max(1, raw);
  const z = naive.z / Math.sqrt(designEffect);
  return { z, pValue: normalUpperTail(z), clusters: G, observations: N, snapshotZ: naive.z, designEffect };
}
