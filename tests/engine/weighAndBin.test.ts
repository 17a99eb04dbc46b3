/**
 * The slider loop counts scores it never writes down: its bins must be
 * exactly those of the scores combineScores makes, for every number of
 * categories the fast path takes.
 */
import { describe, expect, it } from 'vitest';
import { BINS } from '../../engine/core/backtest/histograms.js';
import { countBins, MAX_PACKED_CATEGORIES, packRows, sumArrByBin } from '../../engine/core/backtest/weighAndBin.js';
import { mulberry32 } from '../../engine/core/random/mulberry32.js';
import { combineScores } from '../../engine/core/scoring/score.js';
import { scoreBin } from '../../engine/core/scoring/tiers.js';

/** Category scores that land on and next to bin edges as well as anywhere in 0–100. */
function columns(seed: number, k: number, n: number): Float32Array[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: k }, () =>
    Float32Array.from({ length: n }, (_, i) => {
      if (i % 5 === 0) return Math.round(rnd() * 100); // whole numbers: weighted sums fall on bin edges
      if (i % 7 === 0) return rnd() < 0.5 ? 0 : 100;
      return rnd() * 100;
    }),
  );
}

function weightsOf(seed: number, k: number): number[] {
  const rnd = mulberry32(seed);
  const raw = Array.from({ length: k }, (_, c) => (c === 1 && k > 2 ? 0 : 1 + rnd() * 10));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => (w / total) * 100);
}

describe('weighing and binning packed rows', () => {
  it('bins every row as scoreBin of combineScores would, for 1 to 7 categories and any weights', () => {
    const n = 3000;
    for (let k = 1; k <= MAX_PACKED_CATEGORIES; k++) {
      for (const weights of [
        weightsOf(k, k),
        Array.from({ length: k }, (_, c) => (c === 0 ? 100 : 0)),
        Array.from({ length: k }, () => 100 / k),
      ]) {
        const cols = columns(100 + k, k, n);
        const rows = Uint32Array.from({ length: n }, (_, i) => i);
        const labels = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
        const codes = Uint16Array.from({ length: n }, (_, i) => i % 4);
        const cells = Uint16Array.from({ length: n }, (_, i) => codes[i]! * 2 + labels[i]!);
        const hist = new Int32Array(4 * 2 * BINS);
        const arr = Float32Array.from({ length: n }, (_, i) => 1 + (i % 10));
        const packed = packRows(cols, arr, rows);
        countBins(packed, weights, cells, hist);
        const churned = Uint32Array.from(rows.filter((i) => labels[i] === 1));
        const arrByBin = new Float64Array(BINS);
        sumArrByBin(packed, weights, churned, arrByBin);

        const scores = combineScores(cols, weights, 'neutral', n, cols);
        const expected = new Int32Array(4 * 2 * BINS);
        const expectedArr = new Float64Array(BINS);
        for (let i = 0; i < n; i++) {
          expected[(codes[i]! * 2 + labels[i]!) * BINS + scoreBin(scores[i]!)]!++;
          if (labels[i] === 1) expectedArr[scoreBin(scores[i]!)]! += arr[i]!;
        }
        const what = `${k} categories, weights ${weights.join('/')}`;
        expect(Array.from(hist), what).toEqual(Array.from(expected));
        expect(Array.from(arrByBin), what).toEqual(Array.from(expectedArr));
      }
    }
  });

  it('sums the ARR of the given rows per bin, and counts an unknown ARR as nothing', () => {
    const cols = [Float32Array.of(10, 10, 90, 55.5)];
    const arr = Float32Array.of(100, Number.NaN, 300, 50);
    const packed = packRows(cols, arr, Uint32Array.of(0, 1, 2, 3));
    expect(packed.arrKnown).toBe(true);
    const sums = new Float64Array(BINS);
    sumArrByBin(packed, [100], Uint32Array.of(0, 1, 3), sums);
    expect(sums[10]).toBe(100); // two rows in bin 10, one with unknown ARR
    expect(sums[55]).toBe(50);
    expect(sums[90]).toBe(0); // not among the given rows
    expect(packRows(cols, new Float32Array(4).fill(Number.NaN), Uint32Array.of(0, 1)).arrKnown).toBe(false);
  });

  it('packs only the selected rows, in selection order', () => {
    const packed = packRows(
      [Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6)],
      Float32Array.of(7, 8, 9),
      Uint32Array.of(2, 0),
    );
    expect(packed.rows).toBe(2);
    expect(Array.from(packed.data)).toEqual([3, 6, 0, 0, 0, 0, 0, 9, 1, 4, 0, 0, 0, 0, 0, 7]);
  });

  it('refuses more categories than a packed row holds, and cells that do not match the rows', () => {
    const eight = Array.from({ length: 8 }, () => new Float32Array(1));
    expect(() => packRows(eight, new Float32Array(1), Uint32Array.of(0))).toThrow(/1 to 7 categories/);
    const packed = packRows([new Float32Array(2)], new Float32Array(2), Uint32Array.of(0, 1));
    expect(() => countBins(packed, [100], new Uint16Array(3), new Int32Array(2 * BINS))).toThrow(/3 cells for 2 rows/);
    expect(() => countBins(packed, [], new Uint16Array(2), new Int32Array(2 * BINS))).toThrow(/1 to 7 weights/);
    expect(() => sumArrByBin(packed, [100], Uint32Array.of(2), new Float64Array(BINS))).toThrow(/row 2 of 2/);
  });

  it('refuses a row of no categories, and more weights than a packed row has slots', () => {
    expect(() => packRows([], new Float32Array(1), Uint32Array.of(0))).toThrow(/1 to 7 categories, not 0/);
    const packed = packRows([new Float32Array(1)], new Float32Array(1), Uint32Array.of(0));
    const eight = new Array<number>(8).fill(12.5);
    expect(() => countBins(packed, eight, new Uint16Array(1), new Int32Array(2 * BINS))).toThrow(
      /1 to 7 weights, not 8/,
    );
    expect(() => sumArrByBin(packed, eight, Uint32Array.of(0), new Float64Array(BINS))).toThrow(
      /1 to 7 weights, not 8/,
    );
  });

  it('counts a weighed score below 0 in bin 0 and one above 100 in bin 100, as scoreBin does', () => {
    // Outside what normalisation gives, but the packed bins must still be scoreBin's: -10, 150, 100, 0 → 0, 100, 100, 0.
    const packed = packRows(
      [Float32Array.of(-10, 150, 100, 0)],
      Float32Array.of(1, 2, 4, 8),
      Uint32Array.of(0, 1, 2, 3),
    );
    const hist = new Int32Array(2 * BINS);
    countBins(packed, [100], new Uint16Array(4), hist);
    expect([hist[0], hist[100], hist.reduce((a, b) => a + b, 0)]).toEqual([2, 2, 4]);
    const arrByBin = new Float64Array(BINS);
    sumArrByBin(packed, [100], Uint32Array.of(0, 1, 2, 3), arrByBin);
    expect([arrByBin[0], arrByBin[100]]).toEqual([1 + 8, 2 + 4]);
  });
});
