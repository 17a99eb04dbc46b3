/**
 * Whole-percentage weights, worked by hand: largest-remainder rounding with
 * ties to the earlier slot, a fitted weight set scaled to 100, and the slider
 * moves the model editor allows and refuses.
 */
import { describe, expect, it } from 'vitest';
import { normaliseWeights, rebalanceWeights, roundToTotal } from '../../engine/core/model/weights.js';

const slots = (ws: number[], locked: number[] = []) => ws.map((weight, i) => ({ weight, locked: locked.includes(i) }));

describe('largest-remainder rounding', () => {
  it('gives the leftover points to the largest fractions, the earlier slot first on a tie', () => {
    expect(roundToTotal([0.5, 0.5, 0.5, 0.5], 2)).toEqual([1, 1, 0, 0]);
    expect(roundToTotal([10.2, 10.7, 10.7, 68.4], 100)).toEqual([10, 11, 11, 68]);
  });
  it('rounds nothing when there is nothing to share', () => {
    expect(roundToTotal([], 100)).toEqual([]);
  });
});

describe('a fitted weight set as whole percentages', () => {
  it('scales to 100 in proportion', () => {
    expect(normaliseWeights([3, 1])).toEqual([75, 25]);
    expect(normaliseWeights([0.2, 0.6, 0.2])).toEqual([20, 60, 20]);
    expect(normaliseWeights([2, 0, 0])).toEqual([100, 0, 0]);
  });
  it('shares equally when every weight is 0', () => {
    expect(normaliseWeights([0, 0])).toEqual([50, 50]);
    expect(normaliseWeights([0, 0, 0])).toEqual([34, 33, 33]);
  });
});

describe('slider moves', () => {
  it('a weight whose every neighbour is locked stays where it is, up or down', () => {
    expect(rebalanceWeights(slots([30, 20, 50], [1, 2]), 0, 10)).toEqual([30, 20, 50]);
  });
  it('the moved weight’s own lock does not count against it', () => {
    // The others (20 and 50) share the 40 left in proportion: 11.4 and 28.6, rounded to 11 and 29.
    expect(rebalanceWeights(slots([30, 20, 50], [0]), 0, 60)).toEqual([60, 11, 29]);
  });
});
