import type { EvaluationResult } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { BacktestPipeline, type EvaluateParams } from './pipeline.js';

/** One-shot evaluation (engine API, CLI, tests); interactive use keeps a BacktestPipeline. */
export function evaluateFrame(frame: SnapshotFrame, config: EvaluateParams['config'], backtest: EvaluateParams['backtest'], asOf: string, bootstrap = 0): EvaluationResult {
  const p = new BacktestPipeline(frame);
  const params = { config, backtest, asOf };
  const result = p.run(params);
  return bootstrap > 0 ? { ...result, intervals: p.intervals(params, bootstrap) } : result;
}
