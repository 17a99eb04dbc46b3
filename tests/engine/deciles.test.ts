/**
 * The calibration table by score decile, worked by hand: ten groups by rank
 * (decile d holds ranks r with floor(10 r / n) = d), lowest scores first, with
 * each decile's churn rate, score range, cumulative gain and cumulative share.
 */
import { describe, expect, it } from 'vitest';
import { decileMetrics } from '../../engine/core/backtest/deciles.js';
import { rankByScore } from '../../engine/core/backtest/ranking.js';

const deciles = (scores: number[], labels: number[]) => {
  const s = Float32Array.from(scores);
  return decileMetrics(s, Uint8Array.from(labels), rankByScore(s));
};

describe('deciles of 13 snapshots', () => {
  // Lowest first (ties by position): 10 (churned), 10, 15, 20 (churned), 30, 30 (churned), 40, 50, 55, 60,
  // 70, 80 (churned), 90. floor(10 r / 13) puts ranks 0–1, 4–5 and 8–9 together: sizes 2 1 1 2 1 1 2 1 1 1.
  const scores = [50, 10, 30, 10, 70, 20, 30, 90, 60, 40, 80, 55, 15];
  const labels = [0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0];

  it('each decile: its snapshots, churners, churn rate and score range', () => {
    const rows = deciles(scores, labels).deciles;
    expect(rows.map((r) => [r.decile, r.count, r.churned, r.churnRate, r.minScore, r.maxScore])).toEqual([
      [1, 2, 1, 0.5, 10, 10],
      [2, 1, 0, 0, 15, 15],
      [3, 1, 1, 1, 20, 20],
      [4, 2, 1, 0.5, 30, 30],
      [5, 1, 0, 0, 40, 40],
      [6, 1, 0, 0, 50, 50],
      [7, 2, 0, 0, 55, 60],
      [8, 1, 0, 0, 70, 70],
      [9, 1, 1, 1, 80, 80],
      [10, 1, 0, 0, 90, 90],
    ]);
  });

  it('cumulative gain (share of the 4 churners caught so far) and share of snapshots so far', () => {
    const rows = deciles(scores, labels).deciles;
    expect(rows.map((r) => r.cumulativeGain)).toEqual([1, 1, 2, 3, 3, 3, 3, 3, 4, 4].map((c) => c / 4));
    expect(rows.map((r) => r.cumulativeShare)).toEqual([2, 3, 4, 6, 7, 8, 10, 11, 12, 13].map((c) => c / 13));
  });

  it('top-decile lift: the riskiest tenth’s churn rate over the base rate, 0.5 / (4 / 13)', () => {
    expect(deciles(scores, labels).topDecileLift).toBeCloseTo(13 / 8, 12);
  });
});

describe('fewer than ten snapshots, or none', () => {
  it('four snapshots fill deciles 1, 3, 6 and 8; the empty ones have no rate or range, and carry the gains', () => {
    // Lowest first: 1 (churned), 2, 3, 5 at ranks 0–3: floor(10 r / 4) = 0, 2, 5, 7.
    const rows = deciles([5, 1, 3, 2], [0, 1, 0, 0]).deciles;
    expect(rows.map((r) => r.count)).toEqual([1, 0, 1, 0, 0, 1, 0, 1, 0, 0]);
    expect(rows[1]).toEqual({
      decile: 2,
      count: 0,
      churned: 0,
      churnRate: null,
      minScore: null,
      maxScore: null,
      cumulativeGain: 1,
      cumulativeShare: 0.25,
    });
    expect(rows.map((r) => r.minScore)).toEqual([1, null, 2, null, null, 3, null, 5, null, null]);
    expect(rows.map((r) => r.cumulativeShare)).toEqual([1, 1, 2, 2, 2, 3, 3, 4, 4, 4].map((c) => c / 4));
  });

  it('no churners: no gains and no lift, churn rate 0 where there are snapshots', () => {
    const d = deciles([5, 1, 3, 2], [0, 0, 0, 0]);
    expect(d.topDecileLift).toBeNull();
    expect(d.deciles.every((r) => r.cumulativeGain === null)).toBe(true);
    expect(d.deciles[0]!.churnRate).toBe(0);
  });

  it('nothing scored: ten empty deciles, share 0, no lift', () => {
    const d = deciles([], []);
    expect(d.topDecileLift).toBeNull();
    expect(d.deciles).toHaveLength(10);
    expect(d.deciles.every((r) => r.count === 0 && r.cumulativeShare === 0 && r.churnRate === null)).toBe(true);
  });
});
