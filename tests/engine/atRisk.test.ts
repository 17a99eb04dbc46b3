/** Which score bins a backtest predicts to churn: its at-risk tiers, or every score below a threshold. */
import { describe, expect, it } from 'vitest';
import { atRiskBins } from '../../engine/core/backtest/atRisk.js';
import { TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';

/** The bins (0–100) set to 1. */
const flagged = (bins: Uint8Array) => Array.from(bins).flatMap((x, b) => (x === 1 ? [b] : []));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('at-risk score bins', () => {
  it('the at-risk tiers’ bins under the cut points (Green from 70, Yellow from 40)', () => {
    expect(flagged(atRiskBins(TRAFFIC_LIGHT, { atRiskTiers: ['red'] }))).toEqual(range(0, 39));
    expect(flagged(atRiskBins(TRAFFIC_LIGHT, { atRiskTiers: ['yellow'] }))).toEqual(range(40, 69));
    expect(flagged(atRiskBins(TRAFFIC_LIGHT, { atRiskTiers: [] }))).toEqual([]);
  });
  it('a threshold flags the scores strictly below it, whatever the tiers', () => {
    expect(flagged(atRiskBins(TRAFFIC_LIGHT, { atRiskTiers: ['red'], atRiskBelow: 55 }))).toEqual(range(0, 54));
    expect(flagged(atRiskBins(TRAFFIC_LIGHT, { atRiskTiers: [], atRiskBelow: 0 }))).toEqual([]);
    expect(atRiskBins(TRAFFIC_LIGHT, { atRiskTiers: [], atRiskBelow: 101 })).toHaveLength(101);
  });
});
