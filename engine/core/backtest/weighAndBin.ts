/**
 * The slider's inner loop: weigh each evaluated snapshot's filled category
 * scores, bin the result and count it, without writing a score anywhere.
 * A weight move needs only these counts; the scores themselves are made by
 * combineScores when a ranking asks for them.
 *
 * The rows are packed row-major, eight float32 slots per snapshot (seven
 * category slots, unused ones 0, then ARR), so the loop has no branch on the
 * number of categories and reads one array. Measured at 494k rows on the
 * 2-core machine: 4.2 ms with the ARR sum in the same loop, against 6–7 ms
 * for the same sum over separate column arrays with a branch per optional
 * category; 2.6–3.5 ms with the ARR summed only for churners, apart.
 */
import { BINS } from './histograms.js';

/** Category slots per packed row; the model allows at most this many categories on the fast path. */
export const MAX_PACKED_CATEGORIES = 7;
export const ROW_STRIDE = MAX_PACKED_CATEGORIES + 1;

if (BINS !== 101 || ROW_STRIDE !== 8) throw new Error('weighAndBin: its literals no longer match BINS and ROW_STRIDE');

export interface PackedRows {
  /** [row * ROW_STRIDE + category] = filled category score; [row * ROW_STRIDE + 7] = ARR (0 when unknown). */
  data: Float32Array;
  rows: number;
  /** Whether any row's ARR is known. */
  arrKnown: boolean;
}

/** Packs the selected rows (frame row numbers) of filled category columns and their ARR. */
export function packRows(cols: readonly Float32Array[], arr: Float32Array, rows: Uint32Array): PackedRows {
  const k = cols.length;
  if (k < 1 || k > MAX_PACKED_CATEGORIES)
    throw new RangeError(`packRows takes 1 to ${MAX_PACKED_CATEGORIES} categories, not ${k}`);
  const n = rows.length;
  const data = new Float32Array(n * ROW_STRIDE);
  for (let c = 0; c < k; c++) {
    const col = cols[c]!;
    for (let j = 0, o = c; j < n; j++, o += ROW_STRIDE) data[o] = col[rows[j]!]!;
  }
  let arrKnown = false;
  for (let j = 0, o = MAX_PACKED_CATEGORIES; j < n; j++, o += ROW_STRIDE) {
    const a = arr[rows[j]!]!;
    // An unknown ARR adds nothing to the ARR sums (as the general path skips it).
    if (a === a) {
      data[o] = a;
      arrKnown = true;
    }
  }
  return { data, rows: n, arrKnown };
}

/** Weights of the seven packed slots (unused ones 0). */
function slotWeights(weights: readonly number[]): number[] {
  if (weights.length < 1 || weights.length > MAX_PACKED_CATEGORIES)
    throw new RangeError(`packed rows take 1 to ${MAX_PACKED_CATEGORIES} weights, not ${weights.length}`);
  return Array.from({ length: MAX_PACKED_CATEGORIES }, (_, c) => weights[c] ?? 0);
}

/**
 * The score bin of the packed row at offset o. The same sum, in the same
 * order, as combineScores (an unused slot adds an exact +0), rounded to
 * float32 as a stored score is: the bins are exactly those of the scores.
 */
function binAt(
  d: Float32Array,
  o: number,
  w0: number,
  w1: number,
  w2: number,
  w3: number,
  w4: number,
  w5: number,
  w6: number,
): number {
  const v =
    w0 * d[o]! + w1 * d[o + 1]! + w2 * d[o + 2]! + w3 * d[o + 3]! + w4 * d[o + 4]! + w5 * d[o + 5]! + w6 * d[o + 6]!;
  const f = Math.fround(v / 100);
  // f | 0 floors a non-negative score and keeps the indexes integers (V8's fast typed-array path).
  return f < 0 ? 0 : f >= 100 ? 100 : f | 0;
}

/**
 * Counts every packed row into hist[cell * BINS + bin], where cell is the
 * row's group code * 2 + its label (0 stayed, 1 churned).
 */
export function countBins(packed: PackedRows, weights: readonly number[], cells: Uint16Array, hist: Int32Array): void {
  if (cells.length !== packed.rows) throw new RangeError(`countBins: ${cells.length} cells for ${packed.rows} rows`);
  const [w0, w1, w2, w3, w4, w5, w6] = slotWeights(weights) as [number, number, number, number, number, number, number];
  const data = packed.data;
  // Bounded by cells.length, which lets V8 drop the bounds check on cells[j].
  // Literals, not the module constants: inside the loop each read of an
  // imported binding is a context load and a hole check, and a multiply by a
  // known constant is cheaper. Checked at the top of this module. binAt's
  // sum and rounding are written out here: called, it cost this loop ~20 %.
  const n = cells.length;
  for (let j = 0, o = 0; j < n; j++, o += 8) {
    const v =
      w0 * data[o]! +
      w1 * data[o + 1]! +
      w2 * data[o + 2]! +
      w3 * data[o + 3]! +
      w4 * data[o + 4]! +
      w5 * data[o + 5]! +
      w6 * data[o + 6]!;
    const f = Math.fround(v / 100);
    const b = f < 0 ? 0 : f >= 100 ? 100 : f | 0;
    hist[cells[j]! * 101 + b]!++;
  }
}

/**
 * Adds the ARR of the packed rows at the given positions (the churned ones:
 * nothing reads the stayers' ARR) to out[bin]. A separate pass over a few
 * percent of the rows instead of an add per row in countBins: 35 % of its
 * time at 494k rows.
 */
export function sumArrByBin(packed: PackedRows, weights: readonly number[], at: Uint32Array, out: Float64Array): void {
  const [w0, w1, w2, w3, w4, w5, w6] = slotWeights(weights) as [number, number, number, number, number, number, number];
  const data = packed.data;
  for (let k = 0; k < at.length; k++) {
    const o = at[k]! * 8;
    if (o >= data.length) throw new RangeError(`sumArrByBin: row ${at[k]} of ${packed.rows}`);
    out[binAt(data, o, w0, w1, w2, w3, w4, w5, w6)]! += data[o + 7]!;
  }
}
