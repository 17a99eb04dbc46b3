/**
 * Tiers and score bins at their edges, worked by hand: a score below every
 * lower bound, scores outside 0–100, and the bin of a perfect score.
 */
import { describe, expect, it } from 'vitest';
import type { TierScheme } from '../../engine/core/api/schema.js';
import { scoreBin, tierIndex, tierOfBins } from '../../engine/core/scoring/tiers.js';

const tier = (id: string, min: number) => ({ id, name: id, color: '#000000', min });
/** A worst tier that starts at 10, so scores under 10 reach no lower bound at all. */
const FLOORED: TierScheme = {
  id: 'floored',
  name: 'floored',
  tiers: [tier('good', 70), tier('fair', 40), tier('poor', 10)],
};

describe('tiers and score bins at the edges', () => {
  it('a score below every lower bound gets the worst tier, not an index past the end', () => {
    expect(tierIndex(5, FLOORED)).toBe(2);
    expect(tierIndex(-3, FLOORED)).toBe(2);
    expect(tierIndex(10, FLOORED)).toBe(2);
    expect(tierIndex(69.99, FLOORED)).toBe(1);
    expect(tierIndex(Number.NaN, FLOORED)).toBe(-1);
  });

  it('scores below 0 fall in bin 0 and above 100 in bin 100; in between, the whole point below', () => {
    expect(scoreBin(-0.5)).toBe(0);
    expect(scoreBin(-20)).toBe(0);
    expect(scoreBin(0)).toBe(0);
    expect(scoreBin(0.999)).toBe(0);
    expect(scoreBin(69.999)).toBe(69);
    expect(scoreBin(100)).toBe(100);
    expect(scoreBin(100.5)).toBe(100);
    expect(scoreBin(250)).toBe(100);
  });

  it('every bin 0..100 has the tier of its own score, bins under the lowest bound the worst', () => {
    const bins = tierOfBins(FLOORED);
    expect(bins).toHaveLength(101);
    expect([bins[0], bins[9], bins[10], bins[39], bins[40], bins[69], bins[70], bins[100]]).toEqual([
      2, 2, 2, 2, 1, 1, 0, 0,
    ]);
  });
});
