import { describe, expect, it } from 'vitest';
import { rebalanceWeights, roundToTotal, normaliseWeights } from '../../engine/core/model/weights.js';
import { setCutPoint } from '../../engine/core/model/cutPoints.js';
import { FOUR_TIER, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';

const slots = (ws: number[], locked: number[] = []) => ws.map((weight, i) => ({ weight, locked: locked.includes(i) }));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('weight rebalancing', () => {
  it('spreads a change over the others in proportion to their weights', () => {
    // Usage 30 → 40: the other 70 shrink to 60, each by 6/7.
    expect(rebalanceWeights(slots([30, 20, 20, 15, 15]), 0, 40)).toEqual([40, 17, 17, 13, 13]);
  });
  it('keeps the sum at exactly 100 for every move of every slider', () => {
    const start = [30, 20, 20, 15, 15];
    for (let i = 0; i < start.length; i++) {
      for (let v = 0; v <= 100; v++) {
        const w = rebalanceWeights(slots(start), i, v);
        expect(sum(w)).toBe(100);
        expect(w[i]).toBe(v);
        expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
      }
    }
  });
  it('leaves locked weights alone and caps the moved one at what they leave', () => {
    const w = rebalanceWeights(slots([30, 20, 20, 15, 15], [1]), 0, 95);
    expect(w[1]).toBe(20);
    expect(w[0]).toBe(80);
    expect(sum(w)).toBe(100);
  });
  it('cannot move a weight when every other one is locked', () => {
    expect(rebalanceWeights(slots([30, 20, 50], [1, 2]), 0, 60)).toEqual([30, 20, 50]);
  });
  it('shares equally when the others are all zero', () => {
    expect(rebalanceWeights(slots([100, 0, 0]), 0, 40)).toEqual([40, 30, 30]);
  });
  it('rounds shares with largest remainders', () => {
    expect(roundToTotal([33.4, 33.3, 33.3], 100)).toEqual([34, 33, 33]);
    expect(normaliseWeights([1, 1, 1])).toEqual([34, 33, 33]);
  });
});

describe('cut points', () => {
  it('move within their neighbours and stay ordered', () => {
    expect(setCutPoint(TRAFFIC_LIGHT, 0, 65).tiers.map((t) => t.min)).toEqual([65, 40, 0]);
    expect(setCutPoint(TRAFFIC_LIGHT, 0, 20).tiers.map((t) => t.min)).toEqual([41, 40, 0]);
    expect(setCutPoint(TRAFFIC_LIGHT, 1, 90).tiers.map((t) => t.min)).toEqual([70, 69, 0]);
    expect(setCutPoint(TRAFFIC_LIGHT, 1, -5).tiers.map((t) => t.min)).toEqual([70, 1, 0]);
    expect(setCutPoint(FOUR_TIER, 1, 85).tiers.map((t) => t.min)).toEqual([80, 79, 40, 0]);
  });
  it('never moves the bottom tier off 0', () => {
    expect(setCutPoint(TRAFFIC_LIGHT, 2, 10)).toBe(TRAFFIC_LIGHT);
  });
  it('leaves the scheme as it is for a tier that does not exist', () => {
    expect(setCutPoint(TRAFFIC_LIGHT, -1, 50)).toBe(TRAFFIC_LIGHT);
    expect(setCutPoint(TRAFFIC_LIGHT, 3, 50)).toBe(TRAFFIC_LIGHT);
  });
});
