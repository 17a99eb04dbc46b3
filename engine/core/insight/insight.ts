/**
 * The insight request over one frame: signal and category power on the
 * evaluated snapshots, and the score's stability month by month. One per
 * frame, so the selection, category scores and the pipeline's scores are
 * made once and reused while only weights or cut points change.
 */
import type { BacktestSettings, Insight, ModelConfig, PredictorInsight } from '../api/schema.js';
import { atRiskBins } from '../backtest/atRisk.js';
import { groupCodes, type GroupCodes } from '../backtest/groups.js';
import { Memo } from '../backtest/memo.js';
import { BacktestPipeline } from '../backtest/pipeline.js';
import { resolveModel } from '../backtest/resolvedModel.js';
import { FrameScorer } from '../backtest/scorer.js';
import { selectionKey, selectSnapshots, type Selection } from '../backtest/selection.js';
import { stabilityByMonth } from '../backtest/stability.js';
import { scoreBin } from '../scoring/tiers.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { predictorInsight, signalInsight } from './signalInsight.js';

export class InsightRunner {
  private readonly groups: GroupCodes[];
  private readonly scorer: FrameScorer;
  private readonly pipeline: BacktestPipeline;
  private readonly selection = new Memo<string, Selection>();
  private readonly signals = new Memo<string, PredictorInsight[]>();
  private readonly categories = new Memo<string, PredictorInsight[]>();

  constructor(readonly frame: SnapshotFrame) {
    this.groups = groupCodes(frame);
    this.scorer = new FrameScorer(frame);
    this.pipeline = new BacktestPipeline(frame);
  }

  run(config: ModelConfig, backtest: BacktestSettings): Insight {
    const key = selectionKey(backtest);
    const sel = this.selection.get(key, () => selectSnapshots(this.frame, this.groups, backtest));
    // A custom signal's column is in this frame when the configuration defines it (the engine built the frame so).
    const custom = (config.customSignals ?? []).map(({ id, label, category }) => ({ id, label, category }));
    const signals = this.signals.get(`${key}#${JSON.stringify(custom)}`, () => signalInsight(this.frame, sel, custom));
    const model = resolveModel(config);
    const k = model.configs.length - 1; // the default configuration
    const categories = this.categories.get(`${model.categoryKeys[k]}#${key}`, () => {
      const scores = this.scorer.categoryScores(model, k).scores;
      return model.configs[k]!.categories.map((c, i) =>
        predictorInsight(scores[i], sel, { id: c.id, label: c.name, category: c.id }),
      );
    });
    // The pipeline's own scores for these snapshots, flagged by each one's configuration's cut points.
    const ev = this.pipeline.runTierStatistics({ config, backtest, asOf: this.frame.meta.periods.at(-1)! }).evaluated;
    const scores = ev.scores();
    const atRisk = model.configs.map((c) => atRiskBins(c.tiers, backtest));
    const predicted = Uint8Array.from(scores, (s, j) => atRisk[ev.layer ? ev.layer[j]! : 0]![scoreBin(s)]!);
    return {
      evaluated: sel.rows.length,
      churned: sel.churned.length,
      signals,
      categories,
      months: stabilityByMonth({
        periods: this.frame.meta.periods,
        month: ev.month,
        labels: ev.labels,
        scores,
        predicted,
      }),
    };
  }
}

const runners = new WeakMap<SnapshotFrame, InsightRunner>();

/** The insight of a frame, with a runner kept while the frame lives. */
export function frameInsight(frame: SnapshotFrame, config: ModelConfig, backtest: BacktestSettings): Insight {
  let r = runners.get(frame);
  if (!r) runners.set(frame, (r = new InsightRunner(frame)));
  return r.run(config, backtest);
}
