/**
 * Incremental evaluation over one snapshot frame: re-score only when the
 * scoring inputs change (categories, weights, normalisation, missing policy),
 * rebuild histograms only when scores or the horizon change, and answer
 * cut-point, at-risk and as-of changes from the histograms alone.
 */
import type { EvaluationResult, ModelConfig } from '../../engine/api/schema.js';
import { buildHistograms, type ScoreHistograms } from '../../engine/backtest/histograms.js';
import { summarise } from '../../engine/backtest/evaluate.js';
import { scoreFrame } from '../../engine/scoring/score.js';
import type { SnapshotFrame } from '../../engine/snapshots/frame.js';
import type { EvaluateParams } from './protocol.js';

const scoringKey = (c: ModelConfig) => JSON.stringify([c.categories, c.missing]);

export class IncrementalEvaluator {
  private scoresKey = '';
  private scores: Float32Array | null = null;
  private histKey = '';
  private hist: ScoreHistograms | null = null;

  constructor(readonly frame: SnapshotFrame) {}

  evaluate(p: EvaluateParams): { result: EvaluationResult; rescored: boolean } {
    const key = scoringKey(p.config);
    let rescored = false;
    if (key !== this.scoresKey || !this.scores) {
      this.scores = scoreFrame(this.frame, p.config).scores;
      this.scoresKey = key;
      this.histKey = '';
      rescored = true;
    }
    const hk = `${key}|${p.backtest.horizonDays}`;
    if (hk !== this.histKey || !this.hist) {
      this.hist = buildHistograms(this.frame, this.scores, p.backtest.horizonDays);
      this.histKey = hk;
    }
    return { result: summarise(this.hist, this.frame.meta, p.config.tiers, p.backtest, p.asOf), rescored };
  }
}
