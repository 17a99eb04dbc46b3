/**
 * The riskiest-first order every threshold-free metric walks: lowest score
 * first, ties in row order. Expected orders are read off the scores by hand.
 */
import { describe, expect, it } from 'vitest';
import { rankByScore } from '../../engine/core/backtest/ranking.js';

const order = (...scores: number[]) => Array.from(rankByScore(Float32Array.from(scores)));

describe('riskiest-first order of scores', () => {
  it('puts the lowest score first and keeps tied scores in row order', () => {
    expect(order(50, 10, 50, 0, 100, 10)).toEqual([3, 1, 5, 0, 2, 4]);
  });

  it('orders scores one float32 step apart (they differ only in the lowest bits)', () => {
    const step = 2 ** -23; // one unit in the last place at 1
    expect(order(1 + 2 * step, 1, 1 + step)).toEqual([1, 2, 0]);
  });

  it('ranks a score of -0 as 0, in row order with the other zeros, not after every positive score', () => {
    // -0's sign bit would otherwise make it the largest bit pattern.
    expect(order(5, 0, -0, 0)).toEqual([1, 2, 3, 0]);
  });

  it('refuses a negative or unavailable score, naming it and its row', () => {
    expect(() => order(3, 1, -1)).toThrow(new RangeError('rankByScore needs non-negative scores, got -1 at 2'));
    expect(() => order(Number.NaN)).toThrow(new RangeError('rankByScore needs non-negative scores, got NaN at 0'));
  });

  it('ranks no scores as an empty order', () => {
    expect(order()).toEqual([]);
  });
});
