import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monotoneBinning, preBin, readableEdge } from '../../engine/core/calibration/binning.js';
import { mulberry32 } from '../../engine/core/random/mulberry32.js';

/** `counts[v]` snapshots with value v, `events[v]` of them churned. */
function sample(counts: number[], events: number[], values: number[]) {
  const v: number[] = [];
  const y: number[] = [];
  counts.forEach((c, k) => {
    for (let j = 0; j < c; j++) {
      v.push(values[k]!);
      y.push(j < events[k]! ? 1 : 0);
    }
  });
  return { v, y };
}

describe('monotone binning', () => {
  // Six values, ten snapshots each; churn .5 .3 .4 .2 .1 .1 as the value rises.
  const { v, y } = sample([10, 10, 10, 10, 10, 10], [5, 3, 4, 2, 1, 1], [1, 2, 3, 4, 5, 6]);
  const b = monotoneBinning(v, y, { preBins: 6, minShare: 0 });

  it('pools the rate that rises against the trend and neighbours that churn alike (hand-worked)', () => {
    expect(b.direction).toBe('risk-falls');
    expect(b.edges).toEqual([2, 4, 5]);
    expect(b.bands.map((x) => [x.count, x.events])).toEqual([
      [10, 5],
      [20, 7],
      [10, 2],
      [20, 2],
    ]);
  });

  it('scores each band by its smoothed weight of evidence (hand-worked)', () => {
    // ln(((stayers + ½)/(44 + 2)) / ((churners + ½)/(16 + 2))): 44 stayers, 16 churners, 4 bands.
    const expected = [
      Math.log(5.5 / 46 / (5.5 / 18)),
      Math.log(13.5 / 46 / (7.5 / 18)),
      Math.log(8.5 / 46 / (2.5 / 18)),
      Math.log(18.5 / 46 / (2.5 / 18)),
    ];
    expect(expected[0]).toBeCloseTo(-0.93827, 5);
    b.bands.forEach((x, i) => expect(x.woe).toBeCloseTo(expected[i]!, 12));
  });

  it('never splits tied values between two bands', () => {
    // 70 % of the values are 0: an equal-frequency cut would fall inside them.
    const t = sample([70, 10, 10, 10], [7, 2, 3, 4], [0, 1, 2, 3]);
    const bins = preBin(t.v, t.y, 10);
    expect(bins[0]).toMatchObject({ lo: 0, hi: 0, count: 70 });
    expect(bins.reduce((s, x) => s + x.count, 0)).toBe(100);
  });

  it('merges a band below the minimum size into its neighbour', () => {
    const t = sample([5, 45, 50], [4, 20, 5], [1, 2, 3]);
    const m = monotoneBinning(t.v, t.y, { preBins: 3, minShare: 0.1 });
    expect(m.bands.map((x) => x.count)).toEqual([50, 50]);
    expect(m.edges).toEqual([3]);
  });

  it('gives one band when churn does not move with the value', () => {
    const t = sample([50, 50], [5, 5], [1, 2]);
    expect(monotoneBinning(t.v, t.y, { preBins: 2, minShare: 0 }).bands).toHaveLength(1);
  });

  it('agrees with scikit-learn isotonic regression and pandas counts on noisy data', () => {
    const rand = mulberry32(7);
    const n = 4000;
    const values = Array.from({ length: n }, () => Math.round(rand() * 1e6) / 1e4);
    // Churn falls with the value, with noise that makes raw pre-bin rates zig-zag.
    const labels = values.map((x) => (rand() < 0.05 + 0.25 * Math.exp(-x / 30) + 0.04 * Math.sin(x) ? 1 : 0));
    const pre = preBin(values, labels, 20);
    const mine = monotoneBinning(values, labels, { preBins: 20, minShare: 0 });
    const input = JSON.stringify({
      values,
      labels,
      preEdges: pre.slice(1).map((x) => x.lo),
      bandEdges: mine.edges,
    });
    const ref = JSON.parse(
      execFileSync('/usr/bin/python3', [join(import.meta.dirname, '..', 'reference', 'binning_reference.py')], {
        input,
        encoding: 'utf8',
      }),
    ) as { direction: string; preBinRates: number[]; bands: { count: number; events: number; woe: number }[] };
    expect(mine.direction).toBe(ref.direction);
    // Each pre-bin's pooled rate is the rate of the band holding it.
    const bandRate = pre.map((p) => {
      const band = mine.bands.find((x) => p.lo >= x.lo && p.hi <= x.hi)!;
      return band.events / band.count;
    });
    bandRate.forEach((r, i) => expect(r).toBeCloseTo(ref.preBinRates[i]!, 12));
    expect(mine.bands.length).toBeGreaterThan(2);
    expect(mine.bands.length).toBeLessThan(pre.length);
    mine.bands.forEach((x, i) => {
      expect([x.count, x.events]).toEqual([ref.bands[i]!.count, ref.bands[i]!.events]);
      expect(x.woe).toBeCloseTo(ref.bands[i]!.woe, 12);
    });
  });
});

describe('readable band edges', () => {
  it('are the shortest decimal that still separates the two values', () => {
    expect(readableEdge(0.8333333, 0.8571428)).toBe(0.85);
    expect(readableEdge(1, 2)).toBe(2);
    expect(readableEdge(29.9, 30.0004)).toBe(30);
    expect(readableEdge(-0.41, -0.4)).toBe(-0.4);
  });
});
