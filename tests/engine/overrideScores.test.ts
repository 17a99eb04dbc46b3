/**
 * The arithmetic of CSM overrides on in-memory frames (no workspace): which
 * tier a label names, where a tier override lands, how a score override is
 * clipped, which snapshots change, and the override rate of a date.
 */
import { describe, expect, it } from 'vitest';
import type { TierScheme } from '../../engine/core/api/schema.js';
import { FOUR_TIER, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import {
  applyOverrides,
  overrideRate,
  overrideScore,
  overrideTierIndex,
  tierMidpoint,
} from '../../engine/core/scoring/overrides.js';
import type { OverrideRecord } from '../../engine/core/snapshots/frame.js';
import { frameOf } from './frames.js';

/** Green from 71, Yellow from 40, Red below: odd sums, so midpoints round. */
const ODD: TierScheme = {
  ...TRAFFIC_LIGHT,
  tiers: TRAFFIC_LIGHT.tiers.map((t) => (t.id === 'green' ? { ...t, min: 71 } : t)),
};
const base = { accountId: 'A0', createdAt: '2025-01-01', reason: 'Champion left', author: 'jo', expiresAt: null };
const tier = (label: string): OverrideRecord => ({ ...base, tier: label, score: null });
const score = (s: number): OverrideRecord => ({ ...base, tier: null, score: s });

describe('the tier an override names', () => {
  it('matches a tier id or name, ignoring case and surrounding spaces, else -1', () => {
    expect(
      ['green', ' Yellow ', 'RED', 'high-risk', 'High Risk', 'Critical'].map((l) =>
        overrideTierIndex(TRAFFIC_LIGHT, l),
      ),
    ).toEqual([0, 1, 2, -1, -1, -1]);
    expect(['high-risk', 'High Risk', ' critical'].map((l) => overrideTierIndex(FOUR_TIER, l))).toEqual([2, 2, 3]);
  });
});

describe('where a tier override lands', () => {
  it('halfway between the tier cut point and the next one up (100 for the top tier), rounded down', () => {
    // Green 71–100: 85.5 → 85; Yellow 40–70: 55.5 → 55; Red 0–39: 20.
    expect([0, 1, 2].map((k) => tierMidpoint(ODD, k))).toEqual([85, 55, 20]);
    // Healthy 80–100, Medium 60–79, High risk 40–59, Critical 0–39.
    expect([0, 1, 2, 3].map((k) => tierMidpoint(FOUR_TIER, k))).toEqual([90, 70, 50, 20]);
  });
  it('wins over a score set alongside it; a tier the scheme lacks falls back to the score', () => {
    expect(overrideScore({ ...base, tier: 'Yellow', score: 95 }, ODD)).toBe(55);
    expect(overrideScore({ ...base, tier: 'Critical', score: 33 }, ODD)).toBe(33);
    expect(overrideScore(tier('Critical'), ODD)).toBeNull();
  });
  it('clips a score override to 0–100 and keeps one inside as given', () => {
    expect([140, -5, 0, 100, 62.5].map((s) => overrideScore(score(s), ODD))).toEqual([100, 0, 0, 100, 62.5]);
  });
});

describe('applying the overrides in force', () => {
  // Four snapshots: A0 under "Red" (override 0), A1 under a score of 95 (override 1), A2 none, A3 under an unknown tier (override 2).
  const overrides = [tier('Red'), score(95), tier('Critical')];
  const frame = frameOf([{}, {}, {}, {}], { overrides, overrideIdx: Int32Array.from([0, 1, -1, 2]) });
  const computed = Float32Array.from([80, 30, 66, 44]);

  it('replaces only the overridden scores, in a new array, leaving an unknown tier alone', () => {
    const out = applyOverrides(frame, ODD, computed);
    expect(Array.from(out)).toEqual([20, 95, 66, 44]);
    expect(Array.from(computed)).toEqual([80, 30, 66, 44]);
  });
  it("uses the cut points of each snapshot's own configuration", () => {
    // A0 scored by the four-tier configuration (no "Red": unchanged), A3 by it too ("Critical": 20).
    const out = applyOverrides(frame, [ODD, FOUR_TIER], computed, Uint8Array.from([1, 0, 0, 1]));
    expect(Array.from(out)).toEqual([80, 95, 66, 20]);
  });
  it('returns the computed scores themselves when no override exists', () => {
    const none = frameOf([{}, {}]);
    const scores = Float32Array.from([1, 2]);
    expect(applyOverrides(none, ODD, scores)).toBe(scores);
  });
});

describe('the override rate', () => {
  it('counts the snapshots of one date with an override in force, out of that date’s snapshots', () => {
    const frame = frameOf(
      [{}, {}, {}, {}, {}],
      {
        overrides: [tier('Red')],
        period: Uint16Array.from([0, 0, 0, 1, 1]),
        overrideIdx: Int32Array.from([0, -1, -1, 0, 0]),
      },
      ['SMB'],
      ['2025-01-31', '2025-02-28', '2025-03-31'],
    );
    expect(overrideRate(frame, 0)).toEqual({ active: 1, accounts: 3, rate: 1 / 3 });
    expect(overrideRate(frame, 1)).toEqual({ active: 2, accounts: 2, rate: 1 });
    expect(overrideRate(frame, 2)).toEqual({ active: 0, accounts: 0, rate: 0 });
  });
});
