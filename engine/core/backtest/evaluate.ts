import type { EvaluationResult } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { BacktestPipeline, type EvaluateParams } from './pipeline.js';

export type EvaluateFrame = (
  frame: SnapshotFrame,
  config: EvaluateParams['config'],
  backtest: EvaluateParams['backtest'],
  asOf: string,
  bootstrap?: number,
) => EvaluationResult;

/**
 * evaluateFrame with the pipelines made by `build`: one per frame, kept while
 * the frame lives, so requests on the same snapshots reuse its stages (the
 * selection, category scores, packed rows) instead of redoing them.
 */
export function frameEvaluator(
  build: (frame: SnapshotFrame) => BacktestPipeline = (frame) => new BacktestPipeline(frame),
): EvaluateFrame {
  const pipelines = new WeakMap<SnapshotFrame, BacktestPipeline>();
  return (frame, config, backtest, asOf, bootstrap = 0) => {
    let p = pipelines.get(frame);
    if (!p) pipelines.set(frame, (p = build(frame)));
    const params = { config, backtest, asOf };
    const result = p.run(params);
    return bootstrap > 0 ? { ...result, intervals: p.intervals(params, bootstrap) } : result;
  };
}

/** One evaluation (engine API, CLI, tests); interactive use keeps a BacktestPipeline. */
export const evaluateFrame: EvaluateFrame = frameEvaluator();
