/**
 * Every snapshot's score, staged so a weight move in one configuration
 * redoes only its combine: category scores are kept per normalisation,
 * combined scores per weights, the assignment per rules.
 */
import type { PortfolioHistograms } from './histograms.js';
import { binScores } from './histograms.js';
import { Memo, MemoRow } from './memo.js';
import type { ResolvedModel } from './resolvedModel.js';
import { assignConfigurations } from '../scoring/assign.js';
import { applyOverrides } from '../scoring/overrides.js';
import {
  combineScores,
  computeCategoryScores,
  fillMissing,
  fillNeutral,
  pickByConfiguration,
  PENALTY_SCORE,
} from '../scoring/score.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

/** One configuration's normalised category scores, raw and filled for each missing-data policy. */
export interface CategoryScores {
  scores: Float32Array[];
  filled: Float32Array[];
  /** Filled with the penalty score, made the first time the penalise policy asks. */
  penalised: Float32Array[] | null;
}

/** Every snapshot scored under a model. */
export interface Scored {
  /** Configuration per snapshot (null: the default only), and how many there are. */
  assigned: Uint8Array | null;
  layers: number;
  scores: Float32Array;
  /** 1-point bin of every snapshot's score, -1 when unscored. */
  bins: Int16Array;
  portfolio: PortfolioHistograms;
}

export class FrameScorer {
  /** Per configuration, by position. */
  private readonly categories = new MemoRow<string, CategoryScores>();
  private readonly combined = new MemoRow<string, Float32Array>();
  private readonly assignment = new Memo<string, Uint8Array | null>();
  private readonly scored = new Memo<string, Scored>();

  constructor(private readonly frame: SnapshotFrame) {}

  /** Normalised category scores of configuration k: redone only when its signals or normalisation change, not weights. */
  categoryScores(model: ResolvedModel, k: number): CategoryScores {
    const c = model.configs[k]!;
    return this.categories.at(k, model.configs.length).get(model.categoryKeys[k]!, () => {
      const scores = computeCategoryScores(this.frame, c.categories, c.baseline);
      return { scores, filled: fillNeutral(scores), penalised: null };
    });
  }

  /** Configuration k's category scores filled for its missing-data policy (undefined: re-weighting fills nothing). */
  filled(model: ResolvedModel, k: number): Float32Array[] | undefined {
    const cats = this.categoryScores(model, k);
    const missing = model.configs[k]!.missing;
    if (missing === 'neutral') return cats.filled;
    if (missing === 'penalise') return (cats.penalised ??= fillMissing(cats.scores, PENALTY_SCORE));
    return undefined;
  }

  /** Configuration k's score of every snapshot; a weight move in one configuration leaves the others' alone. */
  combine(model: ResolvedModel, k: number): Float32Array {
    const c = model.configs[k]!;
    return this.combined.at(k, model.configs.length).get(model.weightsKeys[k]!, () => {
      const cats = this.categoryScores(model, k);
      return combineScores(
        cats.scores,
        c.categories.map((x) => x.weight),
        c.missing,
        this.frame.n,
        this.filled(model, k),
      );
    });
  }

  /** Every snapshot's score under the model, overrides applied when asked. */
  score(model: ResolvedModel, applyOverrideTiers: boolean): Scored {
    const { configs } = model;
    return this.scored.get(applyOverrideTiers ? model.scoreKeyWithOverrides : model.scoreKey, () => {
      const assigned = this.assignment.get(model.assignmentKey, () => assignConfigurations(this.frame, configs));
      const computed = pickByConfiguration(
        configs.map((_, k) => this.combine(model, k)),
        assigned,
        this.frame.n,
      );
      const scores = applyOverrideTiers
        ? applyOverrides(
            this.frame,
            configs.map((c) => c.tiers),
            computed,
            assigned,
          )
        : computed;
      const { bins, portfolio } = binScores(this.frame, scores, assigned, configs.length);
      return { assigned, layers: configs.length, scores, bins, portfolio };
    });
  }
}
