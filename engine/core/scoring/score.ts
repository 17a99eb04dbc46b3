/**
 * Weighted health scores over a whole snapshot frame. Category scores depend
 * on normalisation only, so a weight change re-combines them without touching
 * the raw signals.
 */
import type { Baseline, Category, ModelConfig, MissingPolicy } from '../api/schema.js';
import { signalValues } from './seasonal.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { normaliseValue, percentileColumn } from './normalise.js';
import { resolveConfigurations, type ResolvedConfiguration } from '../model/configurations.js';
import { assignConfigurations } from './assign.js';

export const NEUTRAL_SCORE = 50;
/** What a category without data scores under the 'penalise' policy. */
export const PENALTY_SCORE = 0;

/** One Float32Array per category (0–100, NaN when none of its signals is available). */
export function computeCategoryScores(
  frame: SnapshotFrame,
  categories: readonly Category[],
  baseline: Baseline = 'trailing',
): Float32Array[] {
  return categories.map((cat) => {
    const out = new Float32Array(frame.n);
    // Percentile inputs need every account of the date: ranked up front, then read like any other.
    const inputs = cat.signals.map((s) =>
      s.normalisation.kind === 'percentile'
        ? {
            values: percentileColumn(frame, signalValues(frame, s.signal, baseline), s.normalisation),
            weight: s.weight,
            spec: null,
          }
        : { values: signalValues(frame, s.signal, baseline), weight: s.weight, spec: s.normalisation },
    );
    for (let i = 0; i < frame.n; i++) {
      let sum = 0;
      let wsum = 0;
      for (const input of inputs) {
        const raw = input.values ? input.values[i]! : Number.NaN;
        const v = input.spec ? normaliseValue(raw, input.spec) : raw;
        if (!Number.isNaN(v)) {
          sum += v * input.weight;
          wsum += input.weight;
        }
      }
      out[i] = wsum > 0 ? sum / wsum : Number.NaN;
    }
    return out;
  });
}

/**
 * Overall score = Σ weight·category / 100. A missing category scores 50 under
 * 'neutral'; under 'reweight' it is dropped and the rest re-weighted (NaN when
 * every category is missing: the account cannot be scored).
 */
const ZERO = new Float32Array(0);

/**
 * Neutral policy with missing values already replaced by 50: a row-by-row sum
 * unrolled over up to seven categories (the recommended maximum), which keeps
 * the slider path a few milliseconds at a million snapshots. Unused slots add
 * 0 × 0, which leaves every sum unchanged.
 */
function combineFilled(cols: readonly Float32Array[], weights: readonly number[], n: number): Float32Array {
  const out = new Float32Array(n);
  const pad = (c: number) => (c < cols.length ? cols[c]! : ZERO);
  const w = (c: number) => (c < cols.length ? weights[c]! : 0);
  const [c0, c1, c2, c3, c4, c5, c6] = [pad(0), pad(1), pad(2), pad(3), pad(4), pad(5), pad(6)];
  const [w0, w1, w2, w3, w4, w5, w6] = [w(0), w(1), w(2), w(3), w(4), w(5), w(6)];
  const k = cols.length;
  for (let i = 0; i < n; i++) {
    let s = w0 * c0[i]!;
    if (k > 1) s += w1 * c1[i]!;
    if (k > 2) s += w2 * c2[i]!;
    if (k > 3) s += w3 * c3[i]!;
    if (k > 4) s += w4 * c4[i]!;
    if (k > 5) s += w5 * c5[i]!;
    if (k > 6) s += w6 * c6[i]!;
    out[i] = s / 100;
  }
  return out;
}

/** Category scores with unavailable values replaced by `value`. */
export function fillMissing(categoryScores: readonly Float32Array[], value: number): Float32Array[] {
  return categoryScores.map((col) => col.map((v) => (v === v ? v : value)));
}

/** Category scores with unavailable values replaced by the neutral 50. */
export function fillNeutral(categoryScores: readonly Float32Array[]): Float32Array[] {
  return fillMissing(categoryScores, NEUTRAL_SCORE);
}

/**
 * Overall score = Σ weight·category / 100. A missing category scores 50 under
 * 'neutral' and 0 under 'penalise'; under 'reweight' it is dropped and the rest
 * re-weighted (NaN when every category is missing: the account cannot be scored).
 * @param filled the category scores with missing values already filled for this
 *   policy (50 for 'neutral', 0 for 'penalise'), when the caller keeps them
 */
export function combineScores(
  categoryScores: readonly Float32Array[],
  weights: readonly number[],
  missing: MissingPolicy,
  n: number,
  filled?: readonly Float32Array[],
): Float32Array {
  const k = categoryScores.length;
  if (missing === 'penalise') {
    const penalised = filled ?? fillMissing(categoryScores, PENALTY_SCORE);
    return combineScores(penalised, weights, 'neutral', n, penalised);
  }
  if (missing === 'neutral') {
    if (k >= 1 && k <= 7) return combineFilled(filled ?? fillNeutral(categoryScores), weights, n);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) {
        const v = categoryScores[c]![i]!;
        s += weights[c]! * (v === v ? v : NEUTRAL_SCORE);
      }
      out[i] = s / 100;
    }
    return out;
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let w = 0;
    for (let c = 0; c < k; c++) {
      const v = categoryScores[c]![i]!;
      if (v === v) {
        s += weights[c]! * v;
        w += weights[c]!;
      }
    }
    out[i] = w > 0 ? s / w : Number.NaN;
  }
  return out;
}

/** Scores of every snapshot under a model, each scored by the configuration assigned to it. */
export interface FrameScores {
  /** Variants in match order, then the default. */
  configurations: ResolvedConfiguration[];
  /** Index into configurations per snapshot; null when the default is the only one. */
  assigned: Uint8Array | null;
  /** Per configuration, its category scores over every snapshot (meaningful on the snapshots it scores). */
  categoryScores: Float32Array[][];
  scores: Float32Array;
}

/** Which configuration scored snapshot i. */
export const configurationOf = (fs: Pick<FrameScores, 'assigned'>, i: number): number =>
  fs.assigned ? fs.assigned[i]! : 0;

/** Each snapshot's value from its own configuration's column. */
export function pickByConfiguration(
  columns: readonly Float32Array[],
  assigned: Uint8Array | null,
  n: number,
): Float32Array {
  if (!assigned) return columns[0]!;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = columns[assigned[i]!]![i]!;
  return out;
}

export function scoreFrame(frame: SnapshotFrame, config: ModelConfig): FrameScores {
  const configurations = resolveConfigurations(config);
  const assigned = assignConfigurations(frame, configurations);
  const categoryScores = configurations.map((c) => computeCategoryScores(frame, c.categories, c.baseline));
  const perConfig = configurations.map((c, k) =>
    combineScores(
      categoryScores[k]!,
      c.categories.map((x) => x.weight),
      c.missing,
      frame.n,
    ),
  );
  return { configurations, assigned, categoryScores, scores: pickByConfiguration(perConfig, assigned, frame.n) };
}
