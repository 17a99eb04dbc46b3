/**
 * CSM overrides on top of the computed score. A score override replaces the
 * score; a tier override places the account in the middle of that tier under
 * the current cut points, so every tier-based metric counts it in the tier
 * the CSM chose. Pure; the frame says which override is in force at each
 * snapshot (never one written after the scoring date).
 */
import type { TierScheme } from '../api/schema.js';
import type { OverrideRecord, SnapshotFrame } from '../snapshots/frame.js';

/** The tier an override names (by id or name, any case), or -1 when this scheme has no such tier. */
export function overrideTierIndex(scheme: TierScheme, label: string): number {
  const l = label.trim().toLowerCase();
  return scheme.tiers.findIndex((t) => t.id.toLowerCase() === l || t.name.toLowerCase() === l);
}

/** A score inside tier k: halfway between its cut point and the next tier's. */
export function tierMidpoint(scheme: TierScheme, k: number): number {
  const lo = scheme.tiers[k]!.min;
  const hi = k === 0 ? 100 : scheme.tiers[k - 1]!.min;
  return Math.floor((lo + hi) / 2);
}

/** The score an override sets under this scheme, or null when it names no tier of it and has no score. */
export function overrideScore(o: OverrideRecord, scheme: TierScheme): number | null {
  if (o.tier !== null) {
    const k = overrideTierIndex(scheme, o.tier);
    if (k >= 0) return tierMidpoint(scheme, k);
  }
  return o.score === null ? null : Math.min(100, Math.max(0, o.score));
}

/**
 * Scores with the overrides in force applied (a new array; the computed
 * scores are left alone). A tier override lands mid-tier under the cut points
 * of the configuration that scores the snapshot.
 * @param schemes tier scheme per configuration; assigned picks one per snapshot (null: the first)
 */
export function applyOverrides(
  frame: SnapshotFrame,
  schemes: TierScheme | readonly TierScheme[],
  scores: Float32Array,
  assigned: Uint8Array | null = null,
): Float32Array {
  if (frame.meta.overrides.length === 0) return scores;
  const list = Array.isArray(schemes) ? schemes : [schemes as TierScheme];
  const set = list.map((scheme) => frame.meta.overrides.map((o) => overrideScore(o, scheme)));
  const out = Float32Array.from(scores);
  for (let i = 0; i < frame.n; i++) {
    const k = frame.overrideIdx[i]!;
    if (k < 0) continue;
    const v = set[assigned ? assigned[i]! : 0]![k]!;
    if (v !== null) out[i] = v;
  }
  return out;
}

/** Snapshots at period m with an override in force, and their share. */
export function overrideRate(frame: SnapshotFrame, m: number): { active: number; accounts: number; rate: number } {
  let active = 0;
  let accounts = 0;
  for (let i = 0; i < frame.n; i++) {
    if (frame.period[i] !== m) continue;
    accounts++;
    if (frame.overrideIdx[i]! >= 0) active++;
  }
  return { active, accounts, rate: accounts > 0 ? active / accounts : 0 };
}

/** Above this share, overrides are doing the model's job: the score needs recalibrating. */
export const OVERRIDE_RATE_WARNING = 0.1;
