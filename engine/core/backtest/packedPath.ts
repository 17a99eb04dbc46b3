/**
 * The slider path when one configuration scores everyone, missing
 * categories are filled (neutral or penalised) and no override is applied:
 * the evaluated snapshots' category scores are gathered once per
 * normalisation, so a weight move is one sequential pass that weighs,
 * bins and counts them — no full-frame score, no rescan.
 */
import type { ResolvedConfiguration } from '../model/configurations.js';
import type { GroupCodes } from './groups.js';
import { BINS } from './histograms.js';
import type { ResolvedModel } from './resolvedModel.js';
import { groupSizes, type Selection } from './selection.js';
import type { Evaluated } from './stages.js';
import { countBins, MAX_PACKED_CATEGORIES, sumArrByBin, type PackedRows } from './weighAndBin.js';

/** The one configuration the packed path scores with, or null when the model needs the general path. */
export function packedConfiguration(model: ResolvedModel, applyOverrideTiers: boolean): ResolvedConfiguration | null {
  const { configs } = model;
  const c = configs[0]!;
  return configs.length === 1 &&
    !applyOverrideTiers &&
    c.missing !== 'reweight' &&
    c.categories.length <= MAX_PACKED_CATEGORIES
    ? c
    : null;
}

/**
 * The selection's histograms from its packed rows under these weights.
 * fullScores gives every frame row's score (cached per weights by the
 * caller); it is read only when the ranking asks for the scores.
 */
export function evaluatePacked(
  packed: PackedRows,
  weights: readonly number[],
  sel: Selection,
  selectionKey: string,
  groups: readonly GroupCodes[],
  fullScores: () => Float32Array,
): Evaluated {
  const stride = 2 * BINS;
  const groupHists = groups.map((gr) => new Int32Array(gr.labels.length * stride));
  const churnedArr = new Float64Array(BINS);
  sumArrByBin(packed, weights, sel.churned, churnedArr);
  if (sel.jointGroups !== null) {
    const jh = new Int32Array(sel.jointGroups * stride);
    countBins(packed, weights, sel.cells[0]!, jh);
    // Split the joint histogram back into one per dimension (mixed radix, last dimension fastest).
    const sizes = groupSizes(groups);
    for (let q = 0; q < sel.jointGroups; q++) {
      const base = q * stride;
      let rest = q;
      for (let d = sizes.length - 1; d >= 0; d--) {
        const code = rest % sizes[d]!;
        rest = (rest - code) / sizes[d]!;
        const h = groupHists[d]!;
        const at = code * stride;
        for (let x = 0; x < stride; x++) h[at + x]! += jh[base + x]!;
      }
    }
  } else {
    // Too many combinations for one histogram: one pass per dimension.
    groupHists.forEach((h, d) => countBins(packed, weights, sel.cells[d]!, h));
  }
  // The ranking's scores, when asked for: the full-frame scores, picked for the selection.
  let scores: Float32Array | null = null;
  const scoresOf = () => {
    if (!scores) {
      const all = fullScores();
      // A plain loop: Float32Array.from with a mapping function took 80 ms here.
      scores = new Float32Array(sel.rows.length);
      for (let j = 0; j < sel.rows.length; j++) scores[j] = all[sel.rows[j]!]!;
    }
    return scores;
  };
  const { window, rows, labels, period: month, account, rowLabel, censored, outsideWindow } = sel;
  return {
    selectionKey,
    window,
    rows,
    scores: scoresOf,
    labels,
    month,
    account,
    rowLabel,
    censored,
    outsideWindow,
    layer: null,
    groupHists,
    churnedArr,
    arrKnown: packed.arrKnown,
  };
}
