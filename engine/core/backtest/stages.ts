/** What the pipeline's stages hand each other, after the selection and the scores. */
import type { ThresholdFreeMetrics } from './curves.js';
import type { DecileMetrics } from './deciles.js';
import type { EvaluationWindow } from './window.js';

/** The selection binned by the current scores. */
export interface Evaluated {
  /** Which snapshots were evaluated (horizon, window, outcome): a ranking of the same ones has the same length and labels. */
  selectionKey: string;
  window: EvaluationWindow;
  rows: Uint32Array;
  /**
   * Each evaluated snapshot's score, made on first call: the slider path
   * needs only the bins, so a weight move does not write (or allocate) a
   * score per snapshot unless the ranking asks for them.
   */
  scores: () => Float32Array;
  labels: Uint8Array;
  month: Uint16Array;
  account: Int32Array;
  rowLabel: Int8Array;
  censored: number;
  outsideWindow: number;
  /** Configuration of each evaluated snapshot (null: the default only). */
  layer: Uint8Array | null;
  /** Per breakdown: [((group * layers + configuration) * 2 + y) * BINS + bin]. */
  groupHists: Int32Array[];
  /** Churned ARR per configuration and bin: [configuration * BINS + bin] (the stayers' is never read). */
  churnedArr: Float64Array;
  /** Whether any evaluated snapshot's ARR is known. */
  arrKnown: boolean;
}

/** Threshold-free metrics of an evaluated set: the part that needs a full ranking. */
export interface Ranked {
  /** The selection the ranked snapshots came from (see Evaluated.selectionKey). */
  selectionKey: string;
  order: Uint32Array;
  curves: ThresholdFreeMetrics;
  deciles: DecileMetrics;
}

/** The portfolio at the as-of date: scored accounts per configuration and bin, and their score sum. */
export interface PortfolioAt {
  counts: Int32Array;
  sum: number;
}
